namespace PoseSearch.Cli.Evaluation.Rankings;

/// <summary>L2 distance between embedding means: what the HNSW index of the service approximates.</summary>
internal sealed class EmbeddingMeanRanking : IRanking
{
    public const string RankingId = "mean-l2";

    public string Id => RankingId;

    public string Description => "embedding means compared by L2 (exact)";

    public int[] Rank(RankingRequest request, CancellationToken cancellationToken) =>
        RankingRunner.RunWithSelector(request, (row, selector) =>
            L2Search.Nearest(request.Queries.RequireEmbedding().PaddedMeans.PaddedRow(row), request.Index.RequireEmbedding().MeanIndex, request.Index.Valid, selector),
            cancellationToken);
}
