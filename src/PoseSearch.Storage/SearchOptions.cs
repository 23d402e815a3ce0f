using System.ComponentModel.DataAnnotations;

namespace PoseSearch.Storage;

/// <summary>Tuning of the two-stage search; section "PoseSearch:Search".</summary>
public sealed class SearchOptions
{
    public const string SectionName = "PoseSearch:Search";

    /// <summary>
    /// C: how many nearest means (L2) the HNSW stage hands to the match-probability re-rank.
    /// 50 (with ef_search 64 on an index built with ef_construction 128) keeps recall@10 against the
    /// exact ranking at 0.999 at a million poses (docs/performance.md, section 4).
    /// </summary>
    [Range(1, 10000)]
    public int Candidates { get; set; } = 50;

    /// <summary>
    /// hnsw.ef_search for the candidate query (raised to C when smaller). 64 suffices on an index
    /// built with ef_construction 128; on one built with 64 it misses whole neighbourhoods for a few
    /// queries at a million poses, and 100 is needed (docs/performance.md, section 4).
    /// </summary>
    [Range(1, 1000)]
    public int EfSearch { get; set; } = 64;

    public IterativeScanMode IterativeScan { get; set; } = IterativeScanMode.RelaxedOrder;

    /// <summary>hnsw.max_scan_tuples: how far an iterative scan may walk before giving up.</summary>
    [Range(1, int.MaxValue)]
    public int MaxScanTuples { get; set; } = 20000;

    /// <summary>The largest k a search may ask for.</summary>
    [Range(1, 10000)]
    public int MaxK { get; set; } = 100;
}
