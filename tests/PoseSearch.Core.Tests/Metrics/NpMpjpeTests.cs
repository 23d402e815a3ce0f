using System.Numerics;
using System.Text.Json;
using PoseSearch.Core.Geometry;
using PoseSearch.Core.Metrics;

namespace PoseSearch.Core.Tests.Metrics;

public class NpMpjpeTests
{
    [Fact]
    public void Is_zero_for_a_rotated_scaled_shifted_copy()
    {
        var random = new Random(5);
        var pose = TestPoses.Standing();
        for (var trial = 0; trial < 50; trial++)
        {
            // From centimetres to millimetres, placed up to 5 body heights away: float keeps ~1e-6 of the torso.
            var scale = (float)(0.01 + random.NextDouble() * 1000);
            var shift = new Vector3((float)random.NextDouble() - 0.5f, (float)random.NextDouble() - 0.5f, (float)random.NextDouble() - 0.5f) * 10 * scale;
            var copy = TestPoses.Transform(pose, TestPoses.RandomRotation(random), scale, shift);
            var forward = NpMpjpe.Compute(pose, copy);
            var backward = NpMpjpe.Compute(copy, pose);
            Assert.True(forward < 1e-5f && backward < 1e-5f, $"trial {trial}: {forward}, {backward}");
        }
    }

    [Fact]
    public void A_mirrored_copy_does_not_match()
    {
        var pose = TestPoses.Standing();
        var mirrored = pose.Select(p => p with { X = -p.X }).ToArray();
        Assert.True(NpMpjpe.Compute(pose, mirrored) > 0.05f);
    }

    [Fact]
    public void Matches_an_independent_numpy_svd_reference()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("np_mpjpe_reference.json")));
        var cases = document.RootElement.GetProperty("cases");
        Assert.True(cases.GetArrayLength() >= 10);
        foreach (var c in cases.EnumerateArray())
        {
            var p = ReadPose(c.GetProperty("p"));
            var q = ReadPose(c.GetProperty("q"));
            var expected = c.GetProperty("np_mpjpe").GetDouble();
            Assert.Equal(expected, NpMpjpe.Compute(p, q), 2e-6);
        }
    }

    [Fact]
    public void Batch_forms_agree_with_the_single_pair_form()
    {
        var random = new Random(9);
        var poses = Enumerable.Range(0, 12).Select(_ => TestPoses.Jitter(TestPoses.Standing(), random, 0.15f)).ToArray();
        var all = poses.SelectMany(p => p).ToArray();
        var many = new float[12];
        NpMpjpe.ComputeMany(poses[3], all, many);
        var set = new NormalizedPoseSet(Pose3D.ToFlat(all));
        var fromSet = new float[12];
        set.DistancesToAll(3, fromSet);
        var some = new float[2];
        set.Distances(3, new[] { 7, 0 }, some);
        for (var j = 0; j < 12; j++)
        {
            var single = NpMpjpe.Compute(poses[3], poses[j]);
            Assert.Equal(single, many[j], 6);
            Assert.Equal(single, fromSet[j], 6);
            Assert.Equal(single, set.Distance(3, j), 6);
        }
        Assert.Equal(0f, many[3], 5);
        Assert.Equal(new[] { fromSet[7], fromSet[0] }, some);
    }

    [Fact]
    public void Shapes_are_checked_with_names()
    {
        var pose = TestPoses.Standing();
        Assert.Equal("pose Q expects 17 joints, got 16", Assert.Throws<PoseFormatException>(() => NpMpjpe.Compute(pose, pose[..16])).Message);
        Assert.Contains("expects 51 values", Assert.Throws<PoseFormatException>(() => NpMpjpe.Compute(new float[51], new float[50])).Message);
        Assert.Contains("expected 2 poses x 17 joints = 34 joints, got 17",
            Assert.Throws<PoseFormatException>(() => NpMpjpe.ComputeMany(pose, pose, new float[2])).Message);
        var bad = pose.Concat(Enumerable.Repeat(Vector3.One, 17)).ToArray();
        Assert.Contains("3D pose 1", Assert.Throws<PoseFormatException>(() => new NormalizedPoseSet(bad)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new NormalizedPoseSet(pose).Distance(0, 1));
    }

    private static Vector3[] ReadPose(JsonElement element) =>
        element.EnumerateArray().Select(j => new Vector3(j[0].GetSingle(), j[1].GetSingle(), j[2].GetSingle())).ToArray();
}
