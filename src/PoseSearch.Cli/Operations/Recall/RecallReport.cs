using PoseSearch.Cli.Common;

namespace PoseSearch.Cli.Operations.Recall;

/// <summary>The result of `posesearch recall`: the recall/latency curve and how it was measured.</summary>
internal sealed record RecallReport
{
    public required string Collection { get; init; }
    public required int CollectionPoses { get; init; }
    public required string Model { get; init; }
    public required int K { get; init; }
    public required int Queries { get; init; }
    public required string QuerySource { get; init; }
    public required double ExactSecondsPerQuery { get; init; }
    public required IReadOnlyList<RecallPoint> Points { get; init; }
    public required double LoadAverageStart { get; init; }
    public required double LoadAverageEnd { get; init; }
    public required DateTime StartedUtc { get; init; }

    public string ToJson() => ReportJson.Serialize(this);
}
