using PoseSearch.Core.Scoring;

namespace PoseSearch.Storage.Sequences;

/// <summary>
/// What <see cref="SegmentSearch"/> needs to shortlist through a collection's temporal windows: the
/// temporal model (its windows must be the ones stored), its match probability, and how to embed the
/// query's windows with it, one per usable query frame in the query's order (N x D means and stddevs);
/// called only when the collection has windows of this model.
/// </summary>
public sealed record WindowShortlist(
    ModelIdentity Model, MatchProbabilityModel Scorer, Func<CancellationToken, Task<(float[] Means, float[] Stddevs)>> EmbedQuery);
