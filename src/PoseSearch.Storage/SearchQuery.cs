namespace PoseSearch.Storage;

/// <summary>
/// One search: the query's embedding (mean and stddev, D values each), how many hits to return,
/// the lowest match probability worth returning, and a metadata filter.
/// </summary>
public sealed record SearchQuery(float[] Mean, float[] Stddev, int K, float MinProbability = 0f, SearchFilter? Filter = null);
