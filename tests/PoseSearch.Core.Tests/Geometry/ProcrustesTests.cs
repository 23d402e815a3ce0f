using System.Numerics;
using PoseSearch.Core.Geometry;

namespace PoseSearch.Core.Tests.Geometry;

public class ProcrustesTests
{
    [Fact]
    public void Recovers_a_hand_made_quarter_turn_scale_and_shift()
    {
        var source = new[] { new Vector3(1, 0, 0), new Vector3(0, 1, 0), new Vector3(0, 0, 1), Vector3.Zero };
        // 90 degrees about z maps x -> y and y -> -x; then scale 2 and shift (1, 2, 3).
        var target = new[] { new Vector3(1, 4, 3), new Vector3(-1, 2, 3), new Vector3(1, 2, 5), new Vector3(1, 2, 3) };
        var t = Procrustes.AlignSimilarity(source, target);
        Assert.Equal(2f, t.Scale, 5);
        var expected = Quaternion.CreateFromAxisAngle(Vector3.UnitZ, MathF.PI / 2);   // (0, 0, sin 45, cos 45)
        Assert.True(MathF.Abs(Quaternion.Dot(expected, t.Rotation)) > 1 - 1e-6f, $"rotation {t.Rotation}");
        Assert.True(Vector3.Distance(new Vector3(1, 2, 3), t.Translation) < 1e-5f);
        for (var i = 0; i < 4; i++)
        {
            Assert.True(Vector3.Distance(target[i], t.Apply(source[i])) < 1e-5f);
        }
    }

    [Fact]
    public void Recovers_random_similarity_transforms_of_a_pose()
    {
        var random = new Random(11);
        var pose = TestPoses.Standing();
        for (var trial = 0; trial < 100; trial++)
        {
            var rotation = TestPoses.RandomRotation(random);
            var scale = (float)(0.1 + random.NextDouble() * 10);
            var shift = new Vector3(random.Next(-5000, 5000), random.Next(-5000, 5000), random.Next(-5000, 5000)) / 1000f;
            var moved = TestPoses.Transform(pose, rotation, scale, shift);
            var aligned = new Vector3[17];
            var t = Procrustes.AlignSimilarity(pose, moved, aligned);
            Assert.Equal(scale, t.Scale, scale * 1e-5f);
            Assert.True(MathF.Abs(Quaternion.Dot(rotation, t.Rotation)) > 1 - 1e-5f);
            Assert.Equal(1f, t.RotationMatrix.GetDeterminant(), 5);
            for (var j = 0; j < 17; j++)
            {
                Assert.True(Vector3.Distance(moved[j], aligned[j]) < 1e-4f * scale);
            }
        }
    }

    [Fact]
    public void Never_picks_a_reflection_for_a_mirrored_target()
    {
        var pose = TestPoses.Standing();
        var mirrored = pose.Select(p => p with { X = -p.X }).ToArray();
        var t = Procrustes.AlignSimilarity(pose, mirrored);
        Assert.Equal(1f, t.RotationMatrix.GetDeterminant(), 5);
        var residual = pose.Select((p, i) => Vector3.Distance(t.Apply(p), mirrored[i])).Average();
        Assert.True(residual > 0.02f, $"a proper rotation cannot undo a mirror, residual {residual}");
    }

    [Fact]
    public void Collinear_points_use_the_repeated_eigenvalue_fallback_and_still_align()
    {
        var source = Enumerable.Range(0, 5).Select(i => new Vector3(i, 2 * i, -i)).ToArray();
        var rotation = Quaternion.CreateFromYawPitchRoll(0.3f, -1.1f, 2.0f);
        var target = TestPoses.Transform(source, rotation, 0.5f, new Vector3(3, 0, 1));
        var t = Procrustes.AlignSimilarity(source, target);
        Assert.Equal(0.5f, t.Scale, 5);
        for (var i = 0; i < source.Length; i++)
        {
            Assert.True(Vector3.Distance(target[i], t.Apply(source[i])) < 1e-5f);
        }
    }

    [Fact]
    public void Bad_input_is_named()
    {
        Assert.Contains("same number of source and target points, got 3 and 2",
            Assert.Throws<PoseFormatException>(() => Procrustes.AlignSimilarity(new Vector3[3], new Vector3[2])).Message);
        Assert.Contains("coincide", Assert.Throws<PoseFormatException>(() =>
            Procrustes.AlignSimilarity(new[] { Vector3.One, Vector3.One }, new[] { Vector3.Zero, Vector3.UnitX })).Message);
        Assert.Contains("target point 1 is not finite", Assert.Throws<PoseFormatException>(() =>
            Procrustes.AlignSimilarity(new[] { Vector3.One, Vector3.Zero }, new[] { Vector3.Zero, new Vector3(float.NaN) })).Message);
    }
}
