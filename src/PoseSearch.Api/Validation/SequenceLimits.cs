namespace PoseSearch.Api.Validation;

/// <summary>
/// Size caps of the sequence endpoints. Alignment costs O(|A| x |B|) time and memory (the cost
/// matrix in float, the accumulated costs in double: 12 bytes a cell, 12 MB at the cap), so the
/// cells are capped as well as the frames; docs/api.md gives the measured time of a request at the caps.
/// </summary>
public static class SequenceLimits
{
    /// <summary>Most frames of one sequence of POST /v1/align.</summary>
    public const int MaxFramesPerSequence = 2_000;

    /// <summary>Most cells of one alignment: frames of A x frames of B.</summary>
    public const long MaxAlignCells = 1_000_000;

    /// <summary>Most frames in both sequences of one align request (2,000 x 500 is the largest at the cell cap).</summary>
    public const int MaxAlignFrames = MaxFramesPerSequence + (int)(MaxAlignCells / MaxFramesPerSequence);

    /// <summary>Most frames of a sequence search's query clip.</summary>
    public const int MaxQueryFrames = 300;
}
