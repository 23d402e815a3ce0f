using PoseSearch.Cli.Tests.Support;
using PoseSearch.Core.Geometry;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Cli.Tests;

/// <summary>The --multiview input: a file of 2D detections with their 3D poses.</summary>
public class MultiViewInputTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>
    /// The hand-computed case of <see cref="RawKeypointHitRateTests"/> (Hit@1 = 1/3 both ways)
    /// written as a multiview npz, with the 3D poses in a superset joint order that the reader
    /// must map back to the 17 contract joints by name.
    /// </summary>
    [Fact]
    public async Task The_hand_computed_case_through_a_multiview_file_gives_one_third()
    {
        float[][] poses = [SyntheticSkeleton.Pose(), SyntheticSkeleton.Pose(leftArm: 2.5, rightKnee: 1.2), SyntheticSkeleton.Pose(rightArm: 2.5, leftKnee: 1.2, lean: 0.5)];
        float[][] offsets = [[0, 10, 20], [7, 4, 19]];
        // Joint order reversed, plus an extra joint: the reader must pick the contract joints by name.
        var names = Skeleton17.Names.Reverse().Append("left_toe").ToArray();
        var shuffled = poses.SelectMany(p => Enumerable.Range(0, names.Length).SelectMany(j =>
            j < 17 ? p.Skip(3 * (16 - j)).Take(3) : new[] { 9f, 9f, 9f })).ToArray();
        var path = _folder.File("multiview.npz");
        new NpzWriter()
            .Float32("keypoints", offsets.SelectMany(c => c.SelectMany(EvalFixtures.StandingPose2D)).ToArray(), 2, 3, 13, 2)
            .Float32("visibility", Enumerable.Repeat(1f, 2 * 3 * 13).ToArray(), 2, 3, 13)
            .Float32("poses3d", shuffled, 3, names.Length, 3)
            .Unicode("joint_names", names, names.Length)
            .Unicode("camera_names", ["left", "right"], 2)
            .Save(path);

        var result = await CliRunner.RunAsync("eval", "--multiview", path, "--rankings", "raw-2d", "--noise", "none", "--dropout", "none", "--occlude", "none", "--out", _folder.File("out"));

        Assert.Equal(0, result.ExitCode);
        var report = Cli.Evaluation.Reports.JsonReportWriter.Read(_folder.File("out.json"));
        Assert.Equal(["left", "right"], report.Input.Cameras);
        Assert.Equal(1 / 3.0, report.Rankings[0].Hits.HitAt1, 9);
        Assert.Equal(1.0, report.Rankings[0].Hits.HitAt10, 9);
    }

    [Fact]
    public async Task Missing_joints_in_a_detection_are_allowed_and_a_view_without_anchors_drops_its_pose()
    {
        var n = 12;
        var keypoints = Enumerable.Range(0, 2 * n).SelectMany(i => EvalFixtures.StandingPose2D(i % n)).ToArray();
        var visibility = Enumerable.Repeat(1f, 2 * n * ModelJoints.Count).ToArray();
        // Pose 3, camera 1: only one anchor visible -> the pose cannot be indexed and is dropped.
        foreach (var joint in new[] { ModelJoints.LeftShoulder, ModelJoints.RightShoulder, ModelJoints.LeftHip })
        {
            visibility[(n + 3) * ModelJoints.Count + joint] = 0f;
        }
        // Pose 5, camera 0: a wrist missing (garbage coordinates) -> still usable.
        visibility[5 * ModelJoints.Count + ModelJoints.LeftWrist] = 0f;
        keypoints[5 * ModelJoints.CoordinateCount + 2 * ModelJoints.LeftWrist] = 1e4f;
        var path = _folder.File("multiview.npz");
        new NpzWriter()
            .Float32("keypoints", keypoints, 2, n, 13, 2)
            .Float32("visibility", visibility, 2, n, 13)
            .Float32("poses3d", TestDatasets.DistinctPoses(n).SelectMany(p => p).ToArray(), n, 17, 3)
            .Unicode("joint_names", Skeleton17.Names.ToArray(), 17)
            .Save(path);

        var result = await CliRunner.RunAsync("eval", "--multiview", path, "--rankings", "raw-2d", "--noise", "none", "--dropout", "none", "--occlude", "none", "--out", _folder.File("out"));

        Assert.True(result.ExitCode == 0, result.Error);
        var report = Cli.Evaluation.Reports.JsonReportWriter.Read(_folder.File("out.json"));
        Assert.Equal(1, report.Input.PosesWithRejectedView);
        Assert.Equal(n - 1, report.Input.PosesEvaluated);
    }
}
