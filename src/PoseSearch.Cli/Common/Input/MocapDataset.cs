namespace PoseSearch.Cli.Common.Input;

/// <summary>A 3D pose dataset of docs/data-formats.md, as read from its npz.</summary>
internal sealed record MocapDataset
{
    public required string Path { get; init; }

    /// <summary>N x 17 x 3, metres, y up.</summary>
    public required float[] Poses3D { get; init; }

    public required int[] ClipId { get; init; }

    public required int[] FrameIndex { get; init; }

    public required string[] ClipNames { get; init; }

    public required float Fps { get; init; }

    /// <summary>Per row: train, val or test; null when the file has no split array.</summary>
    public string[]? Split { get; init; }

    public required string Source { get; init; }

    public required string License { get; init; }

    public int Count => ClipId.Length;

    public string Label(int row) => $"{ClipNames[ClipId[row]]}:{FrameIndex[row]}";
}
