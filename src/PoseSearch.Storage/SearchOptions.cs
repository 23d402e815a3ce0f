using System.ComponentModel.DataAnnotations;

namespace PoseSearch.Storage;

/// <summary>Tuning of the two-stage search; section "PoseSearch:Search".</summary>
public sealed class SearchOptions
{
    public const string SectionName = "PoseSearch:Search";

    /// <summary>
    /// C: how many nearest means (L2) the HNSW stage hands to the match-probability re-rank.
    /// 50 (with ef_search 50 on the default index, m 8 and ef_construction 64) keeps recall@10 against
    /// the exact ranking at 0.9985 at a million poses; 30 drops it to 0.995 (docs/performance.md, section 4).
    /// </summary>
    [Range(1, 10000)]
    public int Candidates { get; set; } = 50;

    /// <summary>
    /// hnsw.ef_search for the candidate query (raised to C when smaller). On the default index
    /// (m 8, ef_construction 64) 50 finds as much of the exact top 10 as 100 or 200 at a million
    /// poses; a graph built with m 16 and ef_construction 64 instead misses whole neighbourhoods for
    /// a few queries unless ef_search is about 100 (docs/performance.md, section 4).
    /// </summary>
    [Range(1, 1000)]
    public int EfSearch { get; set; } = 50;

    /// <summary>
    /// hnsw.ef_search for a collection whose graph holds fewer than <see cref="LargeCollectionPoses"/>
    /// poses (or whose size is not known yet). Collections of 10,000-100,000 poses reach recall@10
    /// 0.978-0.984 at ef_search 50 and 0.9945-0.9995 at 200, where a search of their small graph still
    /// takes under 1 ms (docs/performance.md, section 7).
    /// </summary>
    [Range(1, 1000)]
    public int SmallCollectionEfSearch { get; set; } = 200;

    /// <summary>
    /// From this many poses in a collection's graph (PostgreSQL's estimate of its index entries) on,
    /// <see cref="EfSearch"/> applies instead of <see cref="SmallCollectionEfSearch"/>; 0 applies
    /// EfSearch to every collection. Measured: 100,000 poses need 200, a million 50; sizes between are
    /// not measured.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int LargeCollectionPoses { get; set; } = 300_000;

    /// <summary>The hnsw.ef_search of one search: by collection size, never below C, at most 1000.</summary>
    public int EfSearchFor(long? collectionPoses, int candidateCount)
    {
        var small = LargeCollectionPoses > 0 && (collectionPoses is not { } n || n < LargeCollectionPoses);
        return Math.Min(1000, Math.Max(candidateCount, small ? SmallCollectionEfSearch : EfSearch));
    }

    public IterativeScanMode IterativeScan { get; set; } = IterativeScanMode.RelaxedOrder;

    /// <summary>hnsw.max_scan_tuples: how far an iterative scan may walk before giving up.</summary>
    [Range(1, int.MaxValue)]
    public int MaxScanTuples { get; set; } = 20000;

    /// <summary>The largest k a search may ask for (checked where the service reads the request).</summary>
    [Range(1, 10000)]
    public int MaxK { get; set; } = 100;
}
