namespace PoseSearch.Cli.Evaluation.Sequences;

/// <summary>The figures of one way of searching over the benchmark's queries (see <see cref="SegmentRetrievalReport"/> for their meaning).</summary>
internal sealed record SegmentRetrievalFigures
{
    public required double HitAt1 { get; init; }
    public required double HitAtK { get; init; }
    public required double RightClipAt1 { get; init; }
    public required double SameMovementAt1 { get; init; }
    public required double MedianPathNpMpjpeAt1 { get; init; }
    public required double MedianIouAt1 { get; init; }
    public required double LatencyP50Ms { get; init; }
    public required double LatencyP95Ms { get; init; }
    public required double LatencyMeanMs { get; init; }
    public required double MeanWindowsVerified { get; init; }
    /// <summary>Queries whose shortlist went through the temporal windows (0 for the per-frame run; all of them for the windows run).</summary>
    public required int WindowShortlists { get; init; }
}
