using System.ComponentModel.DataAnnotations;

namespace PoseSearch.Storage;

/// <summary>Tuning of the two-stage search; section "PoseSearch:Search".</summary>
public sealed class SearchOptions
{
    public const string SectionName = "PoseSearch:Search";

    /// <summary>
    /// C: how many nearest means (L2) the HNSW stage hands to the match-probability re-rank.
    /// 50 (with ef_search 100) keeps recall@10 against the exact ranking at 0.998 at a million
    /// poses (docs/performance.md, section 4) and fetches and re-ranks half the rows of 100.
    /// </summary>
    [Range(1, 10000)]
    public int Candidates { get; set; } = 50;

    /// <summary>
    /// hnsw.ef_search for the candidate query (raised to C when smaller). Below 100 the graph walk
    /// starts to miss whole neighbourhoods at a million poses (docs/performance.md, section 4).
    /// </summary>
    [Range(1, 1000)]
    public int EfSearch { get; set; } = 100;

    public IterativeScanMode IterativeScan { get; set; } = IterativeScanMode.RelaxedOrder;

    /// <summary>hnsw.max_scan_tuples: how far an iterative scan may walk before giving up.</summary>
    [Range(1, int.MaxValue)]
    public int MaxScanTuples { get; set; } = 20000;

    /// <summary>The largest k a search may ask for.</summary>
    [Range(1, 10000)]
    public int MaxK { get; set; } = 100;
}
