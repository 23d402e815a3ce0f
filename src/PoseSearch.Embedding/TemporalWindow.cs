namespace PoseSearch.Embedding;

/// <summary>
/// What one input row of a temporal model is (docs/model-contract.md, "Temporal model"): T frames
/// of one person in time order, consecutive frames <see cref="Stride"/> source frames apart at
/// <see cref="FrameRate"/> frames per second. Frame T / 2 is the window's centre.
/// </summary>
public sealed record TemporalWindow(int Length, int Stride, double FrameRate)
{
    /// <summary>Index of the centre frame inside the window (T = 7: 3).</summary>
    public int Centre => Length / 2;
}
