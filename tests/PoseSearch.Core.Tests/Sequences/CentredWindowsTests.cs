using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Sequences;

namespace PoseSearch.Core.Tests.Sequences;

/// <summary>One window per frame, centred on it, the ends padded by repeating the end frames.</summary>
public sealed class CentredWindowsTests
{
    /// <summary>A standing person shifted right by <paramref name="x"/> pixels: the shift tells the frames apart.</summary>
    private static ModelPose Frame(int x)
    {
        float[] xy = [100, 40, 85, 70, 115, 70, 80, 100, 120, 100, 78, 130, 122, 130, 90, 140, 110, 140, 90, 190, 110, 190, 90, 240, 110, 240];
        for (var i = 0; i < xy.Length; i += 2)
        {
            xy[i] += x;
        }

        return new ModelPose(xy, Enumerable.Repeat(1f, ModelJoints.Count).ToArray());
    }

    private static int[] FramesOf(PoseWindow window) => window.Frames.Select(f => (int)f.Coordinates[0] - 100).ToArray();

    [Fact]
    public void Each_frame_is_the_centre_of_its_window_and_the_ends_repeat()
    {
        var frames = Enumerable.Range(0, 10).Select(Frame).ToList();

        var windows = CentredWindows.Build(frames, length: 7, stride: 1);

        Assert.Equal(10, windows.Count);
        Assert.Equal([0, 0, 0, 0, 1, 2, 3], FramesOf(windows[0]));
        Assert.Equal([2, 3, 4, 5, 6, 7, 8], FramesOf(windows[5]));
        Assert.Equal([6, 7, 8, 9, 9, 9, 9], FramesOf(windows[9]));
    }

    [Fact]
    public void A_stride_spaces_the_frames_and_a_sequence_shorter_than_the_window_still_gets_windows()
    {
        var frames = Enumerable.Range(0, 10).Select(Frame).ToList();
        Assert.Equal([0, 0, 1, 3, 5], FramesOf(CentredWindows.Build(frames, length: 5, stride: 2)[1]));

        var two = CentredWindows.Build([Frame(0), Frame(1)], length: 7, stride: 1);
        Assert.Equal([0, 0, 0, 0, 1, 1, 1], FramesOf(two[0]));
        Assert.Equal([0, 0, 0, 1, 1, 1, 1], FramesOf(two[1]));
    }

    [Fact]
    public void A_window_with_a_frame_without_anchors_is_refused()
    {
        var visibility = Enumerable.Repeat(1f, ModelJoints.Count).ToArray();
        visibility[1] = visibility[2] = visibility[7] = visibility[8] = 0; // shoulders and hips hidden
        var blind = new ModelPose(Frame(0).Coordinates, visibility);

        var error = Assert.Throws<PoseFormatException>(() => new PoseWindow([Frame(0), blind, Frame(1)]));
        Assert.Contains("frame 1 of the window has fewer than two visible anchor joints", error.Message);
    }
}
