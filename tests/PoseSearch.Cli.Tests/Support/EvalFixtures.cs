using PoseSearch.Cli.Evaluation;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Cli.Tests.Support;

/// <summary>Small evaluation inputs built in memory.</summary>
internal static class EvalFixtures
{
    /// <summary>3D poses with two placeholder 2D views each (a fixed valid skeleton), for tests of 3D-only stages.</summary>
    public static MultiViewPoses MultiViewFromPoses(IReadOnlyList<float[]> poses)
    {
        var keypoints = new float[2][];
        var visibility = new float[2][];
        for (var c = 0; c < 2; c++)
        {
            keypoints[c] = new float[poses.Count * ModelJoints.CoordinateCount];
            visibility[c] = new float[poses.Count * ModelJoints.Count];
            for (var n = 0; n < poses.Count; n++)
            {
                StandingPose2D(0).CopyTo(keypoints[c].AsSpan(n * ModelJoints.CoordinateCount));
                visibility[c].AsSpan(n * ModelJoints.Count, ModelJoints.Count).Fill(1f);
            }
        }
        return new MultiViewPoses(["a", "b"], keypoints, visibility, poses.SelectMany(p => p).ToArray());
    }

    /// <summary>
    /// A front view of a standing person in pixels (13 model joints), with the left wrist moved
    /// right by <paramref name="leftWristOffset"/> pixels. Anchors never move, so the normalized
    /// distance between two such poses is |offset difference| x 0.5 / 156.2 (the largest anchor distance,
    /// left shoulder to right hip).
    /// </summary>
    public static float[] StandingPose2D(float leftWristOffset)
    {
        // x right, y down; the person's left shoulder appears on the image right for a front view.
        float[] xy =
        [
            500, 300,   // nose
            560, 350,   // left shoulder
            440, 350,   // right shoulder
            570, 420,   // left elbow
            430, 420,   // right elbow
            575 + leftWristOffset, 490,   // left wrist
            425, 490,   // right wrist
            540, 470,   // left hip
            460, 470,   // right hip
            545, 570,   // left knee
            455, 570,   // right knee
            548, 670,   // left ankle
            452, 670,   // right ankle
        ];
        return xy;
    }
}
