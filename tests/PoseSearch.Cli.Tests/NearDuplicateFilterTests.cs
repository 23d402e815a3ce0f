using System.Numerics;
using PoseSearch.Cli.Common;
using PoseSearch.Cli.Evaluation;
using PoseSearch.Cli.Tests.Support;
using PoseSearch.Core.Metrics;

namespace PoseSearch.Cli.Tests;

public class NearDuplicateFilterTests
{
    /// <summary>The definition, by brute force: keep a pose unless NP-MPJPE(pose, kept) &lt; t for a kept one.</summary>
    private static List<int> GreedyBruteForce(float[] poses3D, float threshold)
    {
        var set = new NormalizedPoseSet(poses3D);
        var kept = new List<int>();
        for (var i = 0; i < set.Count; i++)
        {
            if (!kept.Any(k => set.Distance(i, k) < threshold))
            {
                kept.Add(i);
            }
        }

        return kept;
    }

    [Fact]
    public void Keeps_exactly_what_the_brute_force_greedy_keeps_across_several_blocks()
    {
        var random = new Random(21);
        var poses = new List<float[]>();
        // 300 distinct poses, then copies (moved, slightly jittered) and re-visits, in mixed
        // order, more than one block of 256 so that duplicates span blocks.
        for (var i = 0; i < 300; i++)
        {
            poses.Add(SyntheticSkeleton.Random(random));
        }

        for (var i = 0; i < 300; i++)
        {
            var source = poses[random.Next(poses.Count)];
            poses.Insert(random.Next(poses.Count + 1),
                SyntheticSkeleton.Jittered(SyntheticSkeleton.Moved(source, random.NextDouble() * 6, 0.8f + 0.4f * (float)random.NextDouble(), new Vector3(2, 0, 1)), random.NextDouble() * 0.012, random));
        }
        var input = EvalFixtures.MultiViewFromPoses(poses);

        var filter = new NearDuplicateFilter();
        var kept = filter.Keep(input, new NormalizedPoseSet(input.Poses3D), 0.02f, threads: 2, SilentProgress.Instance, CancellationToken.None);

        var expected = GreedyBruteForce(input.Poses3D, 0.02f);
        Assert.Equal(expected, kept);
        Assert.InRange(expected.Count, 301, 599);   // some copies are duplicates, some jittered too far
        Assert.True(filter.ExactComparisons < filter.PairsConsidered / 10,
            $"{filter.ExactComparisons} Procrustes fits for {filter.PairsConsidered} pairs: the lower bound should rule out most");
    }

    [Fact]
    public void A_threshold_of_zero_keeps_every_pose()
    {
        var pose = SyntheticSkeleton.Pose();
        var input = EvalFixtures.MultiViewFromPoses([pose, pose, pose]);
        var kept = new NearDuplicateFilter().Keep(input, new NormalizedPoseSet(input.Poses3D), 0f, 1, SilentProgress.Instance, CancellationToken.None);
        Assert.Equal(new[] { 0, 1, 2 }, kept);
    }
}
