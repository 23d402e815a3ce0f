using PoseSearch.Cli.Evaluation.Perturbations;
using PoseSearch.Cli.Tests.Support;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Cli.Tests;

public class QueryPerturbationTests
{
    private const int Poses = 2000;

    private static (float[] Keypoints, float[] Visibility) Inputs()
    {
        var keypoints = Enumerable.Range(0, Poses).SelectMany(_ => EvalFixtures.StandingPose2D(0)).ToArray();
        var visibility = Enumerable.Repeat(1f, Poses * ModelJoints.Count).ToArray();
        return (keypoints, visibility);
    }

    private static (float[] Keypoints, float[] Visibility) Apply(QueryPerturbation perturbation, int seed = 1)
    {
        var (keypoints, visibility) = Inputs();
        var keypointsOut = new float[keypoints.Length];
        var visibilityOut = new float[visibility.Length];
        perturbation.Apply(keypoints, visibility, keypointsOut, visibilityOut, new Random(seed));
        return (keypointsOut, visibilityOut);
    }

    [Fact]
    public void Gaussian_noise_has_the_requested_standard_deviation_and_zero_mean()
    {
        var (original, _) = Inputs();
        var (noisy, visibility) = Apply(new GaussianNoisePerturbation(5));
        var deltas = noisy.Zip(original, (a, b) => (double)(a - b)).ToArray();
        var mean = deltas.Average();
        var sd = Math.Sqrt(deltas.Sum(d => (d - mean) * (d - mean)) / deltas.Length);
        Assert.InRange(mean, -0.1, 0.1);            // 52,000 draws: standard error 0.02
        Assert.InRange(sd, 4.9, 5.1);
        Assert.All(visibility, v => Assert.Equal(1f, v));
    }

    [Fact]
    public void The_same_seed_gives_the_same_corruption()
    {
        Assert.Equal(Apply(new GaussianNoisePerturbation(3), 7).Keypoints, Apply(new GaussianNoisePerturbation(3), 7).Keypoints);
        Assert.NotEqual(Apply(new GaussianNoisePerturbation(3), 7).Keypoints, Apply(new GaussianNoisePerturbation(3), 8).Keypoints);
    }

    [Fact]
    public void Random_dropout_hides_joints_at_the_requested_rate_and_zeroes_them()
    {
        var (keypoints, visibility) = Apply(new RandomDropoutPerturbation(0.2));
        var hidden = visibility.Count(v => v == 0f) / (double)visibility.Length;
        Assert.InRange(hidden, 0.19, 0.21);          // 26,000 joints: standard error 0.0025
        for (var j = 0; j < visibility.Length; j++)
        {
            if (visibility[j] != 0f)
            {
                continue;
            }

            Assert.Equal(0f, keypoints[2 * j]);
            Assert.Equal(0f, keypoints[2 * j + 1]);
        }
    }

    [Fact]
    public void Missing_arm_hides_the_elbow_and_wrist_of_one_side_drawn_per_query()
    {
        var (_, visibility) = Apply(new StructuredDropoutPerturbation(BodyPart.Arm));
        var left = 0;
        for (var n = 0; n < Poses; n++)
        {
            var row = visibility.AsSpan(n * ModelJoints.Count, ModelJoints.Count);
            var leftHidden = row[ModelJoints.LeftElbow] == 0f && row[ModelJoints.LeftWrist] == 0f;
            var rightHidden = row[ModelJoints.RightElbow] == 0f && row[ModelJoints.RightWrist] == 0f;
            Assert.True(leftHidden ^ rightHidden, $"pose {n}: exactly one arm must be hidden");
            Assert.Equal(11, row.ToArray().Count(v => v == 1f));
            if (leftHidden)
            {
                left++;
            }
        }
        Assert.InRange(left, Poses * 0.45, Poses * 0.55);
    }

    [Fact]
    public void Missing_lower_body_keeps_only_the_upper_body()
    {
        var (_, visibility) = Apply(new StructuredDropoutPerturbation(BodyPart.LowerBody));
        int[] upper = [ModelJoints.Nose, ModelJoints.LeftShoulder, ModelJoints.RightShoulder, ModelJoints.LeftElbow, ModelJoints.RightElbow, ModelJoints.LeftWrist, ModelJoints.RightWrist];
        for (var j = 0; j < ModelJoints.Count; j++)
        {
            Assert.Equal(upper.Contains(j) ? 1f : 0f, visibility[j]);
        }
    }

    [Fact]
    public void Body_part_names_parse_and_unknown_ones_are_named()
    {
        Assert.Equal(BodyPart.LowerBody, BodyParts.Parse("lower-body"));
        var e = Assert.Throws<ArgumentException>(() => BodyParts.Parse("tail"));
        Assert.Contains("tail", e.Message);
    }
}
