using PoseSearch.Cli.Evaluation.Reports;

namespace PoseSearch.Cli.Evaluation.Sequences;

/// <summary>The JSON of `posesearch eval-sequence-search`.</summary>
internal sealed record SegmentRetrievalReport
{
    public required string Tool { get; init; }
    public required DateTimeOffset CreatedUtc { get; init; }
    public required IReadOnlyList<string> Arguments { get; init; }
    public required IReadOnlyList<string> Datasets { get; init; }
    public required string Rig { get; init; }
    public ModelSummary? Model { get; init; }
    /// <summary>The temporal model whose windows the second run shortlisted through (--temporal-model); null without one.</summary>
    public ModelSummary? TemporalModel { get; init; }
    public required string Truth { get; init; }
    /// <summary>Stored poses, tracks (clip x camera) and stored cameras.</summary>
    public required int Poses { get; init; }
    public required int Tracks { get; init; }
    public required IReadOnlyList<string> StoredCameras { get; init; }
    public required string QueryCamera { get; init; }
    public required int Queries { get; init; }
    public required int ClipFrames { get; init; }
    public required int K { get; init; }
    /// <summary>Top segment from a stored view of the query's clip, overlapping the true frames by IoU &gt;= 0.5.</summary>
    public required double HitAt1 { get; init; }
    /// <summary>Any of the top k segments such a hit.</summary>
    public required double HitAtK { get; init; }
    /// <summary>Share of queries whose top segment is from the right clip (any frames).</summary>
    public required double RightClipAt1 { get; init; }
    /// <summary>Share of queries whose top segment performs the same movement in 3D: mean NP-MPJPE along its path &lt; kappa (0.1), any clip.</summary>
    public required double SameMovementAt1 { get; init; }
    /// <summary>Median over queries of the top segment's mean NP-MPJPE along its path (infinite when nothing was found).</summary>
    public required double MedianPathNpMpjpeAt1 { get; init; }
    public required double MedianIouAt1 { get; init; }
    /// <summary>Per query: embedding the clip plus the whole search (shortlist, window read, DTW), milliseconds.</summary>
    public required double LatencyP50Ms { get; init; }
    public required double LatencyP95Ms { get; init; }
    public required double LatencyMeanMs { get; init; }
    public required double MeanWindowsVerified { get; init; }
    /// <summary>The same queries shortlisted through the temporal windows (the figures above are the per-frame shortlist's); null without a temporal model.</summary>
    public SegmentRetrievalFigures? WithWindows { get; init; }
    public required IReadOnlyDictionary<string, double> TimingsSeconds { get; init; }
}
