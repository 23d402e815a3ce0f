using PoseSearch.Storage.Sequences;

namespace PoseSearch.Cli.Evaluation.Sequences;

/// <summary>What `posesearch eval-sequence-search` loads and asks.</summary>
internal sealed record SegmentRetrievalSettings
{
    public required IReadOnlyList<string> Datasets { get; init; }
    public required string Rig { get; init; }
    public required string Subject { get; init; }
    /// <summary>Dataset rows of this split are left out (the model's training split); null keeps all.</summary>
    public string? ExcludeSplit { get; init; }
    public required string Collection { get; init; }
    /// <summary>Stored poses: whole tracks (clip x stored camera) in seeded order until this many.</summary>
    public required int MaxPoses { get; init; }
    /// <summary>The camera of the rig the queries are seen from; the others are stored.</summary>
    public required int QueryCamera { get; init; }
    public required int Queries { get; init; }
    public required int ClipFrames { get; init; }
    public required int K { get; init; }
    public required int Seed { get; init; }
    /// <summary>The search's tuning (the service's defaults unless given).</summary>
    public required SegmentSearchOptions Search { get; init; }
}
