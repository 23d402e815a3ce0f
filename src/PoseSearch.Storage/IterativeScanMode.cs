namespace PoseSearch.Storage;

/// <summary>
/// pgvector 0.8's hnsw.iterative_scan: whether a filtered index scan keeps walking the graph
/// until it has enough rows that pass the filter.
/// </summary>
public enum IterativeScanMode
{
    /// <summary>No iterative scan: a selective filter can return fewer rows than asked for.</summary>
    Off,

    /// <summary>Keeps scanning; rows may come slightly out of distance order (re-ranked anyway).</summary>
    RelaxedOrder,

    /// <summary>Keeps scanning in exact distance order; slower.</summary>
    StrictOrder,
}
