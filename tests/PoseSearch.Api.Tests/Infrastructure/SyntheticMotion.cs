using System.Numerics;

namespace PoseSearch.Api.Tests.Infrastructure;

/// <summary>
/// A person moving through the distinct 3D poses of <see cref="SyntheticViews"/> (smoothly
/// interpolated, 20 frames from one key pose to the next), seen by any of its cameras: the
/// ground truth of a frame is its (fractional) time, whatever the camera.
/// </summary>
public static class SyntheticMotion
{
    public const int FramesPerStep = 20;

    /// <summary>The key poses in order; the motion cycles through them.</summary>
    public static IReadOnlyList<string> Routine { get; } =
        ["standing", "arms-up", "t-pose", "squat", "standing", "left-knee-up", "arms-forward", "right-arm-up", "squat", "t-pose"];

    /// <summary>Another performance: the same key poses in another order, for a second take that must not match.</summary>
    public static IReadOnlyList<string> OtherRoutine { get; } =
        ["left-knee-up", "standing", "right-arm-up", "arms-forward", "standing", "arms-up", "left-knee-up", "t-pose"];

    /// <summary>The 3D pose at a time (in frames, fractional), cycling through <paramref name="routine"/>.</summary>
    public static Vector3[] At(double time, IReadOnlyList<string>? routine = null)
    {
        routine ??= Routine;
        var step = (int)Math.Floor(time / FramesPerStep);
        var t = (float)(time / FramesPerStep - step);
        t = t * t * (3 - 2 * t); // ease in and out, as people move
        var from = SyntheticViews.Poses[routine[step % routine.Count]];
        var to = SyntheticViews.Poses[routine[(step + 1) % routine.Count]];
        return from.Zip(to, (a, b) => Vector3.Lerp(a, b, t)).ToArray();
    }

    /// <summary>A request frame of the motion at <paramref name="time"/> seen from a camera azimuth.</summary>
    public static object Frame(long frame, double time, int azimuth, IReadOnlyList<string>? routine = null) => new
    {
        frame,
        pose = PoseJson.Model13(SyntheticViews.Project(At(time, routine), azimuth), Enumerable.Repeat(1f, 13).ToArray()),
    };

    /// <summary>Frames <paramref name="first"/> to <paramref name="first"/> + count - 1 at normal speed, numbered as their time.</summary>
    public static object Sequence(int first, int count, int azimuth, IReadOnlyList<string>? routine = null) =>
        new { frames = Enumerable.Range(first, count).Select(f => Frame(f, f, azimuth, routine)).ToArray() };
}
