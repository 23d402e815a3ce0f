using PoseSearch.Cli.Common;
using PoseSearch.Cli.Evaluation;
using PoseSearch.Cli.Evaluation.Input;
using PoseSearch.Cli.Evaluation.Rankings;
using PoseSearch.Cli.Evaluation.Reports;
using PoseSearch.Cli.Tests.Support;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Metrics;

namespace PoseSearch.Cli.Tests;

/// <summary>
/// The model-free raw-2D ranking against hit rates worked out by hand. Three distinct 3D poses
/// A, B, C; each camera sees a standing figure whose only difference between poses is the
/// left wrist's x offset (pixels), so the normalized L2 distance orders candidates by
/// |offset difference|:
///   camera 0: A 0, B 10, C 20;   camera 1: A 7, B 4, C 19;   camera 2: as camera 0.
/// 0 -> 1: A (0) nearest B (4), B (10) nearest A (7), C (20) nearest C (19): Hit@1 = 1/3.
/// 1 -> 0: A (7) nearest B (10), B (4) nearest A (0), C (19) nearest C (20): Hit@1 = 1/3.
/// 0 -> 2 and 2 -> 0: identical views, Hit@1 = 1. 1 -> 2 = 1 -> 0, 2 -> 1 = 0 -> 1: 1/3.
/// Mean Hit@1 over the 6 pairs = (4 x 1/3 + 2 x 1) / 6 = 5/9. Hit@10 = Hit@20 = 1 (3 items).
/// </summary>
public class RawKeypointHitRateTests
{
    private static readonly float[][] Poses3D =
    [
        SyntheticSkeleton.Pose(),
        SyntheticSkeleton.Pose(leftArm: 2.5, rightKnee: 1.2),
        SyntheticSkeleton.Pose(rightArm: 2.5, leftKnee: 1.2, lean: 0.5),
    ];

    private static MultiViewPoses Build(float[][] offsetsPerCamera)
    {
        var cameras = offsetsPerCamera.Length;
        var keypoints = new float[cameras][];
        var visibility = new float[cameras][];
        for (var c = 0; c < cameras; c++)
        {
            keypoints[c] = offsetsPerCamera[c].SelectMany(EvalFixtures.StandingPose2D).ToArray();
            visibility[c] = Enumerable.Repeat(1f, offsetsPerCamera[c].Length * ModelJoints.Count).ToArray();
        }
        return new MultiViewPoses(Enumerable.Range(0, cameras).Select(c => $"cam{c}").ToArray(), keypoints, visibility, Poses3D.SelectMany(p => p).ToArray());
    }

    private static Task<EvalReport> Run(MultiViewPoses poses) =>
        new EvalRunner(new EvalSettings { Rankings = [RawKeypointRanking.RankingId], Perturbations = [] }, embedder: null, database: null, SilentProgress.Instance)
            .RunAsync(new LoadedInput(poses, new InputDescription { Kind = "multiview", Path = "constructed", PosesRead = poses.PoseCount }), [], CancellationToken.None);

    [Fact]
    public void The_three_poses_are_distinct_at_every_kappa_of_the_sweep()
    {
        var set = new NormalizedPoseSet(Poses3D.SelectMany(p => p).ToArray());
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                if (i != j)
                {
                    Assert.True(set.Distance(i, j) > 0.3f, $"NP-MPJPE({i}, {j}) = {set.Distance(i, j)}");
                }
            }
        }
    }

    [Fact]
    public async Task Two_cameras_give_the_hand_computed_hit_rates()
    {
        var report = await Run(Build([[0, 10, 20], [7, 4, 19]]));

        var raw = Assert.Single(report.Rankings);
        Assert.Equal(2, raw.PerPair.Count);
        foreach (var pair in raw.PerPair)
        {
            Assert.Equal(1 / 3.0, pair.Hits.HitAt1, 9);
            Assert.Equal(1.0, pair.Hits.HitAt10, 9);
            Assert.Equal(1.0, pair.Hits.HitAt20, 9);
        }
        // Every kappa of the sweep sees the same: the poses are either identical or > 0.3 apart.
        Assert.All(raw.Sweep, point => Assert.Equal(1 / 3.0, point.Hits.HitAt1, 9));
        Assert.Equal(3, report.Input.PosesEvaluated);
    }

    [Fact]
    public async Task Three_cameras_average_the_six_ordered_pairs()
    {
        var report = await Run(Build([[0, 10, 20], [7, 4, 19], [0, 10, 20]]));

        var raw = Assert.Single(report.Rankings);
        var byPair = raw.PerPair.ToDictionary(p => (p.QueryCamera, p.IndexCamera), p => p.Hits.HitAt1);
        Assert.Equal(6, byPair.Count);
        Assert.Equal(1.0, byPair[("cam0", "cam2")], 9);
        Assert.Equal(1.0, byPair[("cam2", "cam0")], 9);
        Assert.Equal(1 / 3.0, byPair[("cam1", "cam2")], 9);
        Assert.Equal(1 / 3.0, byPair[("cam2", "cam1")], 9);
        Assert.Equal(5 / 9.0, raw.Hits.HitAt1, 9);
        Assert.Equal(1.0, raw.Hits.HitAt20, 9);
    }

    [Fact]
    public async Task Near_duplicate_poses_are_removed_before_ranking()
    {
        // Pose C repeated (moved and scaled: NP-MPJPE 0): the copy goes, and with it its views.
        var poses = Build(new float[][] { [0, 10, 20, 30], [7, 4, 19, 31] }, extra: SyntheticSkeleton.Moved(Poses3D[2], 1.0, 1.3f, new System.Numerics.Vector3(1, 0, 0)));
        var report = await Run(poses);
        Assert.Equal(4, report.Input.PosesSelected);
        Assert.Equal(3, report.Input.PosesEvaluated);
        Assert.Equal(1 / 3.0, report.Rankings[0].Hits.HitAt1, 9);
    }

    private static MultiViewPoses Build(float[][] offsetsPerCamera, float[] extra)
    {
        var basic = Build(offsetsPerCamera.Select(o => o[..3]).ToArray());
        var cameras = offsetsPerCamera.Length;
        var keypoints = new float[cameras][];
        var visibility = new float[cameras][];
        for (var c = 0; c < cameras; c++)
        {
            keypoints[c] = basic.Keypoints[c].Concat(EvalFixtures.StandingPose2D(offsetsPerCamera[c][3])).ToArray();
            visibility[c] = Enumerable.Repeat(1f, 4 * ModelJoints.Count).ToArray();
        }
        return new MultiViewPoses(basic.CameraNames, keypoints, visibility, basic.Poses3D.Concat(extra).ToArray());
    }
}
