namespace PoseSearch.Cli.Evaluation.Rankings;

/// <summary>
/// The service's mirror-aware search (<c>"mirror": true</c>) in the benchmark: the query and its
/// left/right mirror image are each ranked by match probability on their own shortlist, and the
/// two lists merged by probability, a candidate found by both keeping the higher.
/// </summary>
internal sealed class MirrorAwareRanking(MatchProbabilityRanking plain)
{
    /// <param name="request">The queries as they are.</param>
    /// <param name="mirroredQueries">The same rows mirrored (<see cref="PoseSearch.Core.Keypoints.PoseMirror"/>).</param>
    public int[] Rank(RankingRequest request, ViewFeatures mirroredQueries, CancellationToken cancellationToken)
    {
        if (plain.ShortlistSize is not { } size)
        {
            throw new InvalidOperationException("mirror-aware ranking needs the shortlist ranking");
        }

        if (mirroredQueries.Count != request.Queries.Count)
        {
            throw new ArgumentException($"{mirroredQueries.Count} mirrored rows for {request.Queries.Count} queries", nameof(mirroredQueries));
        }

        var queries = request.Queries.RequireEmbedding();
        var mirrored = mirroredQueries.RequireEmbedding();
        var index = request.Index.RequireEmbedding();
        var dimension = index.Dimension;

        return RankingRunner.Run(request, () => new Worker(size, request.Depth, dimension), (worker, row, output) =>
        {
            worker.Merged.Clear();
            Add(worker, plain.ScoreShortlist(queries, row, index, request.Index.Valid, worker.Shortlist));
            if (mirroredQueries.Valid[row])
            {
                Add(worker, plain.ScoreShortlist(mirrored, row, index, request.Index.Valid, worker.Shortlist));
            }

            worker.Result.Clear();
            foreach (var (id, probability) in worker.Merged)
            {
                worker.Result.Offer(-probability, id);
            }

            worker.Result.Ids.CopyTo(output);
        }, cancellationToken);
    }

    private static void Add(Worker worker, ReadOnlySpan<float> probabilities)
    {
        var ids = worker.Shortlist.Shortlist.Ids;
        for (var i = 0; i < ids.Length; i++)
        {
            if (!worker.Merged.TryGetValue(ids[i], out var seen) || probabilities[i] > seen)
            {
                worker.Merged[ids[i]] = probabilities[i];
            }
        }
    }

    private sealed class Worker(int shortlistSize, int depth, int dimension)
    {
        public MatchProbabilityRanking.ShortlistWorker Shortlist { get; } = new(shortlistSize, depth, dimension);
        public Dictionary<int, float> Merged { get; } = new(2 * shortlistSize);
        public PoseSearch.Cli.Common.TopKSelector Result { get; } = new(depth);
    }
}
