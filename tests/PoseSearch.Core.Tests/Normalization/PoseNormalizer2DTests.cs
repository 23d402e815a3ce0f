using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Normalization;

namespace PoseSearch.Core.Tests.Normalization;

public class PoseNormalizer2DTests
{
    // Shoulders and hips form a 3 x 4 rectangle (diagonal 5): ls (3,0), rs (0,0), lh (3,4), rh (0,4).
    // Nose at (1.5, -1); every other joint garbage that must not matter unless visible.
    private static (float[] Coordinates, float[] Visibility) Rectangle()
    {
        var c = new float[26];
        var v = new float[13];
        void Set(int j, float x, float y) { c[2 * j] = x; c[2 * j + 1] = y; v[j] = 1; }
        Set(ModelJoints.Nose, 1.5f, -1f);
        Set(ModelJoints.LeftShoulder, 3, 0);
        Set(ModelJoints.RightShoulder, 0, 0);
        Set(ModelJoints.LeftHip, 3, 4);
        Set(ModelJoints.RightHip, 0, 4);
        Set(ModelJoints.LeftKnee, 3, 9);
        return (c, v);
    }

    private static float[] Run(float[] c, float[] v)
    {
        var result = new float[26];
        PoseNormalizer2D.Normalize(c, v, result);
        return result;
    }

    [Fact]
    public void All_anchors_visible_centres_on_mid_hip_and_divides_by_the_diagonal()
    {
        var (c, v) = Rectangle();
        var n = Run(c, v);
        // centre (1.5, 4), scale 5: nose ((0, -5) / 5) * 0.5 = (0, -0.5)
        Assert.Equal(0f, n[0], 6);
        Assert.Equal(-0.5f, n[1], 6);
        // left shoulder ((1.5, -4) / 5) * 0.5 = (0.15, -0.4)
        Assert.Equal(0.15f, n[2], 6);
        Assert.Equal(-0.4f, n[3], 6);
        // left knee ((1.5, 5) / 5) * 0.5 = (0.15, 0.5)
        Assert.Equal(0.15f, n[2 * ModelJoints.LeftKnee], 6);
        Assert.Equal(0.5f, n[2 * ModelJoints.LeftKnee + 1], 6);
        // invisible joints are (0, 0)
        Assert.Equal(0f, n[2 * ModelJoints.RightAnkle]);
    }

    [Fact]
    public void One_hip_missing_centres_on_the_other_hip_and_scales_by_the_visible_anchors()
    {
        var (c, v) = Rectangle();
        v[ModelJoints.LeftHip] = 0;
        c[2 * ModelJoints.LeftHip] = 1e4f;   // garbage must be ignored
        var n = Run(c, v);
        // centre = right hip (0, 4); anchors ls, rs, rh: distances 3, 4, 5 -> scale 5
        // nose ((1.5, -5) / 5) * 0.5 = (0.15, -0.5)
        Assert.Equal(0.15f, n[0], 6);
        Assert.Equal(-0.5f, n[1], 6);
        Assert.Equal(0f, n[2 * ModelJoints.LeftHip]);
    }

    [Fact]
    public void No_hip_visible_centres_on_the_shoulders()
    {
        var (c, v) = Rectangle();
        v[ModelJoints.LeftHip] = 0;
        v[ModelJoints.RightHip] = 0;
        var n = Run(c, v);
        // centre (1.5, 0), scale = shoulder distance 3: nose ((0, -1) / 3) * 0.5
        Assert.Equal(0f, n[0], 6);
        Assert.Equal(-1f / 6f, n[1], 6);
        // left knee ((1.5, 9) / 3) * 0.5 = (0.25, 1.5)
        Assert.Equal(0.25f, n[2 * ModelJoints.LeftKnee], 6);
        Assert.Equal(1.5f, n[2 * ModelJoints.LeftKnee + 1], 6);
    }

    [Fact]
    public void Fewer_than_two_visible_anchors_is_rejected()
    {
        var (c, v) = Rectangle();
        v[ModelJoints.LeftHip] = v[ModelJoints.RightHip] = v[ModelJoints.LeftShoulder] = 0;
        var e = Assert.Throws<PoseFormatException>(() => Run(c, v));
        Assert.StartsWith("too few visible anchor joints", e.Message);
        Assert.Contains("1 of 4", e.Message);
        Assert.False(PoseNormalizer2D.TryNormalize(c, v, new float[26]));
    }

    [Fact]
    public void Coinciding_anchors_are_rejected()
    {
        var (c, v) = Rectangle();
        v[ModelJoints.LeftHip] = v[ModelJoints.RightHip] = 0;
        c[2 * ModelJoints.LeftShoulder] = c[2 * ModelJoints.RightShoulder] + 5e-7f;
        c[2 * ModelJoints.LeftShoulder + 1] = c[2 * ModelJoints.RightShoulder + 1];
        var e = Assert.Throws<PoseFormatException>(() => Run(c, v));
        Assert.StartsWith("too few visible anchor joints", e.Message);
        Assert.Contains("coincide", e.Message);
    }

    [Fact]
    public void A_pose_much_larger_than_its_visible_anchors_is_rejected_and_one_at_the_limit_is_not()
    {
        // Only the shoulders (3 apart, centre (1.5, 0)) as anchors: the left knee at y = 96 is
        // 96 / 3 * 0.5 = 16 = the limit after normalization; at y = 97 it is beyond it.
        var (c, v) = Rectangle();
        v[ModelJoints.LeftHip] = v[ModelJoints.RightHip] = 0;
        c[2 * ModelJoints.LeftKnee] = 1.5f;
        c[2 * ModelJoints.LeftKnee + 1] = 96f;
        Assert.Equal(PoseNormalizer2D.MaxNormalizedCoordinate, Run(c, v)[2 * ModelJoints.LeftKnee + 1], 5);

        c[2 * ModelJoints.LeftKnee + 1] = 97f;
        var e = Assert.Throws<PoseFormatException>(() => Run(c, v));
        Assert.StartsWith(PoseNormalizer2D.ExtentRejectionMessage, e.Message);
        Assert.Contains("32.3 times", e.Message);
        var destination = Enumerable.Repeat(9f, 26).ToArray();
        Assert.False(PoseNormalizer2D.TryNormalize(c, v, destination));
        Assert.All(destination, x => Assert.Equal(0f, x));

        // The limit reads visible joints only: the same knee hidden is no reason to reject.
        v[ModelJoints.LeftKnee] = 0;
        Run(c, v);
    }

    [Fact]
    public void Normalization_ignores_translation_and_uniform_scale()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 50; trial++)
        {
            var c = Enumerable.Range(0, 26).Select(_ => (float)(random.NextDouble() * 500)).ToArray();
            var v = Enumerable.Range(0, 13).Select(_ => random.NextDouble() < 0.8 ? 1f : 0f).ToArray();
            v[ModelJoints.LeftShoulder] = v[ModelJoints.RightHip] = 1;
            var scale = (float)(0.2 + random.NextDouble() * 5);
            float dx = random.Next(-300, 300), dy = random.Next(-300, 300);
            var moved = c.Select((x, i) => x * scale + (i % 2 == 0 ? dx : dy)).ToArray();
            var a = Run(c, v);
            var b = Run(moved, v);
            for (var i = 0; i < 26; i++)
            {
                Assert.Equal(a[i], b[i], 4);
            }
        }
    }

    [Fact]
    public void ModelPose_overloads_agree_with_the_span_form()
    {
        var (c, v) = Rectangle();
        var pose = new ModelPose(c, v);
        Assert.Equal(Run(c, v), PoseNormalizer2D.Normalize(pose));
        Assert.True(PoseNormalizer2D.TryNormalize(pose, out var normalized));
        Assert.Equal(Run(c, v), normalized);
    }

    [Fact]
    public void Batch_flags_rejected_rows_and_zero_fills_them()
    {
        var (c, v) = Rectangle();
        var bad = (float[])v.Clone();
        bad[ModelJoints.LeftShoulder] = bad[ModelJoints.RightShoulder] = bad[ModelJoints.LeftHip] = 0;
        var coordinates = c.Concat(c).Concat(c).ToArray();
        var visibility = v.Concat(bad).Concat(v).ToArray();
        var destination = Enumerable.Repeat(7f, 78).ToArray();
        var valid = new bool[3];
        Assert.Equal(2, PoseNormalizer2D.NormalizeBatch(coordinates, visibility, destination, valid));
        Assert.Equal(new[] { true, false, true }, valid);
        Assert.All(destination[26..52], x => Assert.Equal(0f, x));
        Assert.Equal(Run(c, v), destination[52..]);
    }

    [Fact]
    public void Malformed_input_names_the_problem()
    {
        var (c, v) = Rectangle();
        Assert.Contains("expected 26 coordinates", Assert.Throws<PoseFormatException>(() => Run(c[..20], v)).Message);
        v[3] = 2;
        Assert.Contains("visibility of left_elbow must be 0 or 1", Assert.Throws<PoseFormatException>(() => Run(c, v)).Message);
        v[3] = 1;
        c[6] = float.NaN;
        Assert.Contains("left_elbow has a non-finite coordinate", Assert.Throws<PoseFormatException>(() => Run(c, v)).Message);
    }
}
