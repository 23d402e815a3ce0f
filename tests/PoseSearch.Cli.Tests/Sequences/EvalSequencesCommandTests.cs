using System.Text.Json;
using PoseSearch.Cli.Evaluation;
using PoseSearch.Cli.Tests.Support;

namespace PoseSearch.Cli.Tests.Sequences;

/// <summary>`posesearch eval-sequences` end to end on a synthetic motion with the random-weights model.</summary>
public class EvalSequencesCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Two clips of a smooth arm-and-knee motion, <paramref name="frames"/> frames each.</summary>
    private string Motion(int frames)
    {
        var poses = new List<float[]>();
        for (var clip = 0; clip < 2; clip++)
        {
            for (var t = 0; t < frames; t++)
            {
                poses.Add(SyntheticSkeleton.Pose(leftArm: 1.2 + Math.Sin(t / 6.0 + clip), rightArm: 1 + Math.Cos(t / 9.0), leftKnee: 0.6 + 0.5 * Math.Sin(t / 5.0), lean: 0.2 * Math.Sin(t / 11.0)));
            }
        }
        var n = poses.Count;
        var path = _folder.File("motion.npz");
        new NpzWriter()
            .Float32("poses3d", poses.SelectMany(p => p).ToArray(), n, MultiViewPoses.Joints3D, 3)
            .Int32("clip_id", Enumerable.Range(0, n).Select(i => i / frames).ToArray(), n)
            .Int32("frame_index", Enumerable.Range(0, n).Select(i => i % frames).ToArray(), n)
            .Unicode("clip_names", ["a", "b"], 2)
            .Float32("fps", [30f])
            .Unicode("source", ["synthetic motion"])
            .Unicode("license", ["test data"])
            .Save(path);
        return path;
    }

    [Fact]
    public async Task Writes_json_markdown_png_with_a_row_per_scenario_and_distance()
    {
        var rig = _folder.File("rig.json");
        TestRigs.WriteFrontAndSideRig(rig);
        var prefix = _folder.File("out/motion");

        var result = await CliRunner.RunAsync("eval-sequences", "--dataset", Motion(90), "--rig", rig, "--subject", "S1",
            "--model", CliRunner.RandomTinyModel(), "--trials", "6", "--take-frames", "60", "--clip-frames", "24", "--out", prefix);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.StartsWith("Alignment frame error (frames), full: match-prob median", result.Output.Trim());
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(prefix + ".json"));
        var rows = json.RootElement.GetProperty("rows").EnumerateArray()
            .Select(r => r.GetProperty("scenario").GetString() + "/" + r.GetProperty("distance").GetString()).ToArray();
        // The shipped temporal model is found by default and adds its distance.
        Assert.Equal(["full/match-prob", "full/mean-l2", "full/raw-2d", "full/temporal", "subsequence/match-prob", "subsequence/mean-l2", "subsequence/raw-2d", "subsequence/temporal"], rows);
        Assert.Equal("prvipe-temporal-v1", json.RootElement.GetProperty("temporal_model").GetProperty("name").GetString());
        foreach (var row in json.RootElement.GetProperty("rows").EnumerateArray())
        {
            Assert.True(row.GetProperty("frames").GetInt32() >= 6 * 24 / 1.4 - 6, "every warped frame of every trial is scored");
            Assert.Equal(41, row.GetProperty("error_cdf").GetArrayLength());
        }
        Assert.Contains("| subsequence | raw-2d |", await File.ReadAllTextAsync(prefix + ".md"));
        Assert.Contains("| subsequence | temporal |", await File.ReadAllTextAsync(prefix + ".md"));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, (await File.ReadAllBytesAsync(prefix + ".png"))[..4]);
    }

    [Fact]
    public async Task The_temporal_distance_can_be_left_out()
    {
        var rig = _folder.File("rig.json");
        TestRigs.WriteFrontAndSideRig(rig);
        var prefix = _folder.File("out/single");

        var result = await CliRunner.RunAsync("eval-sequences", "--dataset", Motion(90), "--rig", rig, "--subject", "S1",
            "--model", CliRunner.RandomTinyModel(), "--temporal-model", "none", "--trials", "2", "--take-frames", "60", "--clip-frames", "24", "--out", prefix);

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(prefix + ".json"));
        Assert.DoesNotContain(json.RootElement.GetProperty("rows").EnumerateArray(), r => r.GetProperty("distance").GetString() == "temporal");
    }

    [Fact]
    public async Task Takes_longer_than_every_clip_are_a_one_line_error()
    {
        var rig = _folder.File("rig.json");
        TestRigs.WriteFrontAndSideRig(rig);

        var result = await CliRunner.RunAsync("eval-sequences", "--dataset", Motion(30), "--rig", rig, "--subject", "S1",
            "--model", CliRunner.RandomTinyModel(), "--take-frames", "40", "--clip-frames", "20");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("posesearch: no clip has 40 consecutive frames (--take-frames); the dataset's clips are shorter", result.Error.Trim());
    }
}
