using System.Numerics;
using PoseSearch.Cli.Evaluation;
using PoseSearch.Cli.Tests.Support;
using PoseSearch.Core.Geometry;
using PoseSearch.Core.Metrics;

namespace PoseSearch.Cli.Tests;

public class NpMpjpeLowerBoundTests
{
    private static float[] Features(float[] pose)
    {
        var normalized = Pose3DNormalizer.Normalize(Pose3D.AsJoints(pose));
        var features = new float[NpMpjpeLowerBound.FeatureLength];
        NpMpjpeLowerBound.Features(System.Runtime.InteropServices.MemoryMarshal.Cast<Vector3, float>(normalized), features);
        return features;
    }

    /// <summary>
    /// Soundness, brute force: whenever the bound says "certainly at least t", Core's exact
    /// NP-MPJPE is at least t. Pairs range from distinct poses to rotated, scaled, jittered copies
    /// whose NP-MPJPE straddles the thresholds.
    /// </summary>
    [Theory]
    [InlineData(0.02f)]
    [InlineData(0.05f)]
    [InlineData(0.1f)]
    public void Never_rules_out_a_pair_below_the_threshold(float threshold)
    {
        var random = new Random(11);
        int pruned = 0, below = 0;
        for (var trial = 0; trial < 3000; trial++)
        {
            var a = SyntheticSkeleton.Random(random);
            var b = (trial % 3) switch
            {
                0 => SyntheticSkeleton.Random(random),
                1 => SyntheticSkeleton.Jittered(SyntheticSkeleton.Moved(a, random.NextDouble() * 6, 0.5f + (float)random.NextDouble(), new Vector3(1, 2, 3)), random.NextDouble() * 0.03, random),
                _ => SyntheticSkeleton.Jittered(a, random.NextDouble() * 0.01, random),
            };
            var exact = NpMpjpe.Compute(a, b);
            var certain = NpMpjpeLowerBound.CertainlyAtLeast(Features(a), Features(b), threshold);
            if (certain)
            {
                pruned++;
                Assert.True(exact >= threshold, $"trial {trial}: bound ruled out a pair with NP-MPJPE {exact} < {threshold}");
            }
            if (exact < threshold)
            {
                below++;
            }
        }
        // The test must exercise both outcomes to mean anything.
        Assert.True(below > 50, $"only {below} pairs below the threshold");
        Assert.True(pruned > 500, $"the bound ruled out only {pruned} pairs");
    }

    [Fact]
    public void Rules_out_most_pairs_of_distinct_poses_at_the_duplicate_threshold()
    {
        var random = new Random(5);
        var pruned = 0;
        const int trials = 2000;
        for (var trial = 0; trial < trials; trial++)
        {
            if (NpMpjpeLowerBound.CertainlyAtLeast(Features(SyntheticSkeleton.Random(random)), Features(SyntheticSkeleton.Random(random)), 0.02f))
            {
                pruned++;
            }
        }

        Assert.True(pruned > trials * 0.9, $"pruned {pruned} of {trials}");
    }

    [Fact]
    public void Keeps_identical_poses_in_any_position()
    {
        var pose = SyntheticSkeleton.Pose(leftArm: 1, rightKnee: 0.5);
        var moved = SyntheticSkeleton.Moved(pose, 2.0, 1.7f, new Vector3(-3, 0, 5));
        Assert.False(NpMpjpeLowerBound.CertainlyAtLeast(Features(pose), Features(moved), 0.02f));
        Assert.False(NpMpjpeLowerBound.CertainlyAtLeast(Features(moved), Features(pose), 0.02f));
    }
}
