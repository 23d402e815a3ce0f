namespace PoseSearch.Cli.Operations.Recall;

/// <summary>
/// One search setting measured: C candidates from HNSW with the effective hnsw.ef_search
/// (the service raises ef_search to C), its mean recall@k over the queries, the worst single
/// query, and the latency of the storage search (database round trips and re-rank; no HTTP, no embedding).
/// </summary>
internal sealed record RecallPoint(
    int Candidates,
    int EfSearch,
    bool IsDefault,
    double Recall,
    double MinRecall,
    LatencySummary Latency);
