using System.Globalization;
using System.Text;
using System.Text.Json;
using PoseSearch.Cli.Common.Input;
using PoseSearch.Cli.Tests.Support;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Cli.Tests.Sequences;

/// <summary>`posesearch align` end to end: sequence files in both formats, a clip located in a longer take.</summary>
public class AlignCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>60 frames of a smooth motion seen by camera 0 of the front-and-side rig: N x 26 pixels, N x 13 visibility.</summary>
    private static (float[] Keypoints, float[] Visibility) Motion()
    {
        var poses = Enumerable.Range(0, 60).SelectMany(t => SyntheticSkeleton.Pose(leftArm: 1.2 + Math.Sin(t / 6.0),
            rightArm: 1 + Math.Cos(t / 9.0), leftKnee: 0.6 + 0.5 * Math.Sin(t / 5.0), lean: 0.2 * Math.Sin(t / 11.0))).ToArray();
        var rigPath = Path.GetTempFileName();
        try
        {
            TestRigs.WriteFrontAndSideRig(rigPath);
            var rig = CameraRigFile.Load(rigPath, "S1");
            var views = RigProjector.Project(poses, Enumerable.Range(0, 60).ToArray(), [rig.Cameras[0]]);
            return (views.Keypoints[0], views.Visibility[0]);
        }
        finally
        {
            File.Delete(rigPath);
        }
    }

    private static string ApiSequence((float[] Keypoints, float[] Visibility) motion, int from, int count)
    {
        var frames = Enumerable.Range(from, count).Select(t => new
        {
            frame = t,
            pose = new
            {
                layout = "model13",
                keypoints = Enumerable.Range(0, ModelJoints.Count).Select(j => new { x = motion.Keypoints[t * 26 + 2 * j], y = motion.Keypoints[t * 26 + 2 * j + 1], confidence = motion.Visibility[t * 13 + j] }),
            },
        });
        return JsonSerializer.Serialize(new { frames });
    }

    /// <summary>COCO results: 17 joints, eyes and ears not detected (0, 0, 0); image_id = frame + 100.</summary>
    private static string CocoSequence((float[] Keypoints, float[] Visibility) motion)
    {
        var entries = new List<string>();
        for (var t = 0; t < motion.Visibility.Length / 13; t++)
        {
            var values = new List<float>();
            void Joint(int j) => values.AddRange([motion.Keypoints[t * 26 + 2 * j], motion.Keypoints[t * 26 + 2 * j + 1], motion.Visibility[t * 13 + j]]);
            Joint(0);
            values.AddRange(Enumerable.Repeat(0f, 12));
            for (var j = 1; j < 13; j++)
            {
                Joint(j);
            }

            entries.Add($"{{\"image_id\": {t + 100}, \"category_id\": 1, \"score\": 0.9, \"keypoints\": [{string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}]}}");
        }
        return "[" + string.Join(",\n", entries) + "]";
    }

    [Theory]
    [InlineData("raw-2d")]
    [InlineData("mean-l2")]
    public async Task Locates_a_clip_in_a_longer_take_given_in_another_format(string distance)
    {
        var motion = Motion();
        var a = _folder.File("clip.json");
        var b = _folder.File("take.json");
        await File.WriteAllTextAsync(a, ApiSequence(motion, from: 20, count: 15));
        await File.WriteAllTextAsync(b, CocoSequence(motion));
        var prefix = _folder.File("out/aligned");

        var result = await CliRunner.RunAsync("align", a, b, "--subsequence", "--distance", distance, "--model", CliRunner.RandomTinyModel(), "--out", prefix);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.StartsWith("Located 15 frames of A with B frames 120-134 of 60: path 15 pairs", result.Output.Trim());
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(prefix + ".json"));
        var path = json.RootElement.GetProperty("path").EnumerateArray().ToArray();
        Assert.Equal(15, path.Length);
        for (var i = 0; i < path.Length; i++)
        {
            Assert.Equal(20 + i, path[i].GetProperty("frame_a").GetInt64());
            Assert.Equal(120 + i, path[i].GetProperty("frame_b").GetInt64());
        }
        Assert.Equal(1.0, json.RootElement.GetProperty("speed_ratio").GetDouble(), 9);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, (await File.ReadAllBytesAsync(prefix + ".png"))[..4]);
    }

    [Fact]
    public async Task The_temporal_distance_locates_the_clip_by_windows_exactly_away_from_the_padded_ends()
    {
        var motion = Motion();
        var a = _folder.File("clip.json");
        var b = _folder.File("take.json");
        await File.WriteAllTextAsync(a, ApiSequence(motion, from: 20, count: 15));
        await File.WriteAllTextAsync(b, CocoSequence(motion));
        var prefix = _folder.File("out/temporal");

        // The shipped temporal model is the default of --temporal-model.
        var result = await CliRunner.RunAsync("align", a, b, "--subsequence", "--distance", "temporal", "--out", prefix);

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(prefix + ".json"));
        Assert.Equal("temporal", json.RootElement.GetProperty("distance").GetString());
        var path = json.RootElement.GetProperty("path").EnumerateArray()
            .Select(p => (A: p.GetProperty("frame_a").GetInt64(), B: p.GetProperty("frame_b").GetInt64())).ToList();
        // A's first and last 3 windows repeat its end frames (B's, inside the take, do not): there the match may
        // slip by a frame; every window of A that is whole finds its own frames in B.
        Assert.All(path.Where(p => p.A is >= 23 and <= 31), p => Assert.Equal(p.A + 100, p.B));
        Assert.All(path, p => Assert.InRange(p.B - (p.A + 100), -2, 2));
    }

    [Fact]
    public async Task Bad_sequence_files_are_one_line_errors()
    {
        var good = _folder.File("good.json");
        await File.WriteAllTextAsync(good, ApiSequence(Motion(), 0, 5));
        var repeated = _folder.File("repeated.json");
        await File.WriteAllTextAsync(repeated, "{\"frames\": [{\"frame\": 3, \"pose\": {\"layout\": \"model13\", \"keypoints\": []}}]}");
        var unknown = _folder.File("unknown.json");
        await File.WriteAllTextAsync(unknown, "{\"frames\": [{\"pose\": {\"layout\": \"coco18\", \"keypoints\": []}}]}", Encoding.UTF8);

        var missing = await CliRunner.RunAsync("align", _folder.File("nope.json"), good);
        var badLayout = await CliRunner.RunAsync("align", good, unknown);
        var badPose = await CliRunner.RunAsync("align", repeated, good);

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("sequence A: file", missing.Error);
        Assert.Equal(2, badLayout.ExitCode);
        Assert.Contains("sequence B: unknown.json: frames[0].pose: unknown layout 'coco18'", badLayout.Error);
        Assert.Equal(2, badPose.ExitCode);
        Assert.StartsWith("posesearch: sequence A:", badPose.Error.Trim());
        Assert.Single(badPose.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_single_frame_model_as_the_temporal_model_is_a_one_line_error()
    {
        var good = _folder.File("good.json");
        await File.WriteAllTextAsync(good, ApiSequence(Motion(), 0, 5));

        var result = await CliRunner.RunAsync("align", good, good, "--distance", "temporal", "--temporal-model", CliRunner.RandomTinyModel());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is a single-frame model", result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
    }
}
