namespace PoseSearch.Api.Contracts;

/// <summary>
/// Two sequences to align: A the query (every frame matched), B the reference. Distance:
/// "match-prob" (default), "mean-l2", "raw-2d" or "temporal" (the temporal model's windows centred on
/// each frame; needs a temporal model among PoseSearch:Model:AdditionalPaths). Subsequence: locate A inside B (free start and
/// end in B) instead of aligning both end to end.
/// </summary>
public sealed record AlignRequest(SequenceDto? A, SequenceDto? B, string? Distance = null, bool? Subsequence = null);
