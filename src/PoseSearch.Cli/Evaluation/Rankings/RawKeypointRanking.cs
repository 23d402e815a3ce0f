namespace PoseSearch.Cli.Evaluation.Rankings;

/// <summary>The baseline: L2 distance between the normalized 2D keypoints (26 numbers) of query and index.</summary>
internal sealed class RawKeypointRanking : IRanking
{
    public const string RankingId = "raw-2d";

    public string Id => RankingId;

    public string Description => "normalized 2D keypoints compared by L2 (baseline, no model)";

    public int[] Rank(RankingRequest request, CancellationToken cancellationToken) =>
        RankingRunner.RunWithSelector(request, (row, selector) =>
            L2Search.Nearest(request.Queries.Normalized.PaddedRow(row), request.Index.NormalizedIndex, request.Index.Valid, selector),
            cancellationToken);
}
