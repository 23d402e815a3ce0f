using PoseSearch.Cli.Evaluation.Reports;

namespace PoseSearch.Cli.Evaluation.Sequences;

/// <summary>The JSON of `posesearch eval-sequences` (snake_case, like eval's).</summary>
internal sealed record AlignmentReport
{
    public required string Tool { get; init; }
    public required DateTimeOffset CreatedUtc { get; init; }
    public required IReadOnlyList<string> Arguments { get; init; }
    public required AlignmentInput Input { get; init; }
    public ModelSummary? Model { get; init; }
    /// <summary>The temporal model of the "temporal" rows, when they were run.</summary>
    public ModelSummary? TemporalModel { get; init; }
    public required AlignmentProtocol Protocol { get; init; }
    public required IReadOnlyList<AlignmentRow> Rows { get; init; }
    public required IReadOnlyDictionary<string, double> TimingsSeconds { get; init; }
}

internal sealed record AlignmentInput(string Path, string Rig, string Subject, string? Split, float Fps, int RowsUsed);

internal sealed record AlignmentProtocol(int Trials, int TakeFrames, int ClipFrames, double MinRate, double MaxRate, int Seed, string Truth);

internal sealed record AlignmentRow
{
    /// <summary>"full" or "subsequence".</summary>
    public required string Scenario { get; init; }
    public required string Distance { get; init; }
    public required string Description { get; init; }
    /// <summary>Warped frames over all trials.</summary>
    public required int Frames { get; init; }
    public required double MedianFrameError { get; init; }
    public required double P95FrameError { get; init; }
    public required double MeanFrameError { get; init; }
    /// <summary>Share of warped frames matched within one frame of the truth.</summary>
    public required double WithinOneFrame { get; init; }
    /// <summary>Subsequence only: share of clips whose found stretch overlaps the true one by IoU &gt;= 0.5.</summary>
    public double? LocatedRate { get; init; }
    /// <summary>Subsequence only: median relative error of the speed ratio against the warp's rate.</summary>
    public double? MedianSpeedError { get; init; }
    /// <summary>Share of frames with error &lt;= 0, 0.25, ..., 10 frames.</summary>
    public required IReadOnlyList<double> ErrorCdf { get; init; }
}
