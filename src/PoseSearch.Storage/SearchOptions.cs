using System.ComponentModel.DataAnnotations;

namespace PoseSearch.Storage;

/// <summary>Tuning of the two-stage search; section "PoseSearch:Search".</summary>
public sealed class SearchOptions
{
    public const string SectionName = "PoseSearch:Search";

    /// <summary>C: how many nearest means (L2) the HNSW stage hands to the match-probability re-rank.</summary>
    [Range(1, 10000)]
    public int Candidates { get; set; } = 100;

    /// <summary>hnsw.ef_search for the candidate query (raised to C when smaller).</summary>
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
