namespace PoseSearch.Cli.Evaluation.Rankings;

/// <summary>
/// One retrieval job: the given query rows (poses seen by camera <see cref="QueryCamera"/>,
/// possibly perturbed) against every valid row of camera <see cref="IndexCamera"/>.
/// </summary>
internal sealed record RankingRequest(
    int QueryCamera,
    ViewFeatures Queries,
    IReadOnlyList<int> QueryRows,
    int IndexCamera,
    ViewFeatures Index,
    int Depth,
    int Threads);
