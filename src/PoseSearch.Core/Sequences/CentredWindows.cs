using PoseSearch.Core.Keypoints;

namespace PoseSearch.Core.Sequences;

/// <summary>
/// One window per frame of a sequence, centred on it: frame i stands for the window of frames
/// i + (t - T/2) x stride, t = 0 .. T-1 (docs/model-contract.md: the centre frame is a window's
/// anchor in time). Near the ends the missing frames are the end frame repeated (edge padding), so
/// every frame, the first and last T/2 included, gets a window and a sequence shorter than T still
/// aligns. Frames are counted in the sequence as given: a frame left out (no anchors) is skipped,
/// not padded, and the sequence is assumed to be at the model's frame rate.
/// </summary>
public static class CentredWindows
{
    public static IReadOnlyList<PoseWindow> Build(IReadOnlyList<ModelPose> frames, int length, int stride)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        var windows = new PoseWindow[frames.Count];
        for (var i = 0; i < frames.Count; i++)
        {
            var members = new ModelPose[length];
            for (var t = 0; t < length; t++)
            {
                members[t] = frames[SourceFrame(i, t, length, stride, frames.Count)];
            }

            windows[i] = new PoseWindow(members);
        }

        return windows;
    }

    /// <summary>Which of <paramref name="count"/> frames is frame <paramref name="t"/> of the window centred on frame <paramref name="i"/>.</summary>
    public static int SourceFrame(int i, int t, int length, int stride, int count) =>
        Math.Clamp(i + (t - length / 2) * stride, 0, count - 1);
}
