using PoseSearch.Cli.Common;
using PoseSearch.Cli.Common.Input;
using PoseSearch.Cli.Evaluation;
using PoseSearch.Cli.Evaluation.Input;
using PoseSearch.Cli.Evaluation.Rankings;
using PoseSearch.Cli.Tests.Support;

namespace PoseSearch.Cli.Tests;

/// <summary>The dataset path end to end (npz + rig JSON -> projection -> rankings -> Hit@k) on tiny rigs built here.</summary>
public class SyntheticRigTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<Evaluation.Reports.EvalReport> EvaluateRaw2D(Action<string> writeRig, int poses)
    {
        var dataset = _folder.File("poses.npz");
        var rig = _folder.File("rig.json");
        TestDatasets.Writer(TestDatasets.DistinctPoses(poses)).Save(dataset);
        writeRig(rig);
        var input = EvalInputLoader.Load(new EvalInputRequest { Dataset = dataset, Rig = rig, Subject = "S1" });
        var settings = new EvalSettings { Rankings = [RawKeypointRanking.RankingId], Perturbations = [] };
        return await new EvalRunner(settings, embedder: null, database: null, SilentProgress.Instance).RunAsync(input, [], CancellationToken.None);
    }

    [Fact]
    public async Task Two_views_of_the_same_pose_always_hit_when_the_cameras_differ_by_an_image_similarity()
    {
        // Same centre and orientation, different focal length and principal point: each view is
        // a scaled, shifted copy of the others, so the true match is at normalized distance 0.
        var report = await EvaluateRaw2D(path => TestRigs.WriteSharedCentreRig(path), 40);

        Assert.Equal(40, report.Input.PosesEvaluated);
        var raw = Assert.Single(report.Rankings);
        Assert.Equal(6, raw.PerPair.Count);
        Assert.All(raw.PerPair, pair => Assert.Equal(1.0, pair.Hits.HitAt1));
        Assert.All(raw.Sweep, point => Assert.Equal(1.0, point.Hits.HitAt1));   // down to kappa 0.05
    }

    [Fact]
    public async Task A_front_and_a_side_camera_do_not_all_hit_with_raw_2d()
    {
        // The control for the test above: with genuinely different views raw 2D is not view-invariant.
        var report = await EvaluateRaw2D(path => TestRigs.WriteFrontAndSideRig(path), 40);
        Assert.True(report.Rankings[0].Hits.HitAt1 < 0.9, $"raw-2d Hit@1 {report.Rankings[0].Hits.HitAt1} across front and side views");
    }

    [Fact]
    public void Projection_puts_the_persons_left_on_the_image_right_for_the_front_camera()
    {
        // Checks the test rig itself: a pose facing the front camera shows its left wrist (model
        // joint 5) right of its right wrist (joint 6), and stands upright (head above ankles).
        var rig = _folder.File("rig.json");
        TestRigs.WriteSharedCentreRig(rig);
        var loaded = CameraRigFile.Load(rig, "S1");
        var pose = SyntheticSkeleton.Pose(leftArm: 1.4, rightArm: 0.2);
        var views = RigProjector.Project(pose, [0], loaded.Cameras);
        var k = views.Keypoints[0];
        Assert.True(k[2 * 5] > k[2 * 6], $"left wrist x {k[10]} should exceed right wrist x {k[12]}");
        Assert.True(k[2 * 0 + 1] < k[2 * 11 + 1], "the nose must be above the left ankle (y down)");
        Assert.All(views.Visibility[0], v => Assert.Equal(1f, v));
    }
}
