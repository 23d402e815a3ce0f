using PoseSearch.Cli.Common;
using PoseSearch.Core.Scoring;
using PoseSearch.Storage;

namespace PoseSearch.Cli.Operations.Recall;

/// <summary>
/// The exact answer to a search: the match probability of the query against every pose of the
/// collection (Core's scorer, the same one the service re-ranks with), best k kept. Equal
/// probabilities rank by position in the snapshot.
/// </summary>
internal sealed class ExactMatchRanking(CollectionEmbeddings snapshot, MatchProbabilityModel scorer)
{
    private const int Chunk = 4096;

    public RankedHits TopK(ReadOnlySpan<float> queryMean, ReadOnlySpan<float> queryStddev, int k)
    {
        if (scorer.Dimension != snapshot.Dimension)
        {
            throw new ArgumentException($"the scorer has dimension {scorer.Dimension}, the collection {snapshot.Dimension}");
        }

        var d = snapshot.Dimension;
        var top = new TopKSelector(Math.Min(k, snapshot.Count));
        var probabilities = new float[Chunk];
        for (var start = 0; start < snapshot.Count; start += Chunk)
        {
            var n = Math.Min(Chunk, snapshot.Count - start);
            scorer.ScoreCandidates(queryMean, queryStddev,
                snapshot.Means.AsSpan(start * d, n * d), snapshot.Stddevs.AsSpan(start * d, n * d), probabilities.AsSpan(0, n));
            for (var i = 0; i < n; i++)
            {
                // TopKSelector keeps the smallest scores: rank by -p.
                if (-probabilities[i] < top.Threshold)
                {
                    top.Offer(-probabilities[i], start + i);
                }
            }
        }
        var ids = new string[top.Count];
        var best = new float[top.Count];
        for (var r = 0; r < top.Count; r++)
        {
            ids[r] = snapshot.Ids[top.Ids[r]];
            best[r] = -top.Scores[r];
        }
        return new RankedHits(ids, best);
    }
}
