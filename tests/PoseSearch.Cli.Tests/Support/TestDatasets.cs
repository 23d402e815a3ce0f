using PoseSearch.Cli.Evaluation;

namespace PoseSearch.Cli.Tests.Support;

/// <summary>3D pose dataset files (docs/data-formats.md) with distinct synthetic poses.</summary>
internal static class TestDatasets
{
    /// <summary>Distinct poses: a grid of arm and knee angles, far apart in NP-MPJPE.</summary>
    public static List<float[]> DistinctPoses(int count)
    {
        var poses = new List<float[]>();
        for (var i = 0; poses.Count < count; i++)
        {
            poses.Add(SyntheticSkeleton.Pose(
                leftArm: 0.3 * (i % 9),
                rightArm: 0.35 * (i / 9 % 7),
                leftKnee: 0.25 * (i % 4),
                rightKnee: 0.2 * (i / 4 % 5)));
        }
        return poses;
    }

    /// <summary>Writes the poses as one clip per 10 frames, splits alternating train/val per clip.</summary>
    public static NpzWriter Writer(IReadOnlyList<float[]> poses)
    {
        var n = poses.Count;
        var clips = (n + 9) / 10;
        return new NpzWriter()
            .Float32("poses3d", poses.SelectMany(p => p).ToArray(), n, MultiViewPoses.Joints3D, 3)
            .Int32("clip_id", Enumerable.Range(0, n).Select(i => i / 10).ToArray(), n)
            .Int32("frame_index", Enumerable.Range(0, n).Select(i => i % 10).ToArray(), n)
            .Unicode("clip_names", Enumerable.Range(0, clips).Select(c => $"clip-{c}").ToArray(), clips)
            .Float32("fps", [30f])
            .Unicode("source", ["synthetic test poses"])
            .Unicode("license", ["test data"])
            .Unicode("split", Enumerable.Range(0, n).Select(i => i / 10 % 2 == 0 ? "train" : "val").ToArray(), n);
    }
}
