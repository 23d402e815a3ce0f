using System.Text.Json;
using PoseSearch.Cli.Tests.Support;

namespace PoseSearch.Cli.Tests;

/// <summary>`posesearch eval` end to end with the repository's random-weights model.</summary>
public class EvalCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Writes_json_markdown_png_and_one_summary_line()
    {
        var dataset = _folder.File("tiny.npz");
        var rig = _folder.File("rig.json");
        TestDatasets.Writer(TestDatasets.DistinctPoses(30)).Save(dataset);
        TestRigs.WriteSharedCentreRig(rig);
        var prefix = _folder.File("results/tiny");

        var result = await CliRunner.RunAsync("eval", "--dataset", dataset, "--rig", rig, "--subject", "S1",
            "--model", CliRunner.RandomTinyModel(), "--robustness-queries", "10", "--agreement-queries", "12",
            "--noise", "5", "--dropout", "0.2", "--occlude", "arm,lower-body", "--out", prefix);

        Assert.True(result.ExitCode == 0, result.Error);
        var summary = Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Hit@1/10/20 (%) at kappa 0.1, 30 poses x 3 cameras, 6 pairs: raw-2d 100.0/100.0/100.0, mean-l2 100.0/100.0/100.0, match-prob", summary);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(prefix + ".json"));
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schema_version").GetInt32());
        Assert.Equal("random-tiny", root.GetProperty("model").GetProperty("name").GetString());
        Assert.Equal(6, root.GetProperty("protocol").GetProperty("camera_pairs").GetArrayLength());
        var rankings = root.GetProperty("rankings").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToArray();
        Assert.Equal(["raw-2d", "mean-l2", "match-prob"], rankings);
        var first = root.GetProperty("rankings")[0];
        Assert.Equal(1.0, first.GetProperty("hits").GetProperty("hit_at1").GetDouble());
        Assert.Equal(11, first.GetProperty("sweep").GetArrayLength());
        Assert.Equal(12, root.GetProperty("shortlist_check").GetProperty("queries").GetInt32());
        var rows = root.GetProperty("robustness").GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("perturbation").GetString()!).ToArray();
        Assert.Equal(["clean", "noise-5px", "dropout-0.2", "missing-arm", "missing-lower-body"], rows);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("database").ValueKind);
        var mirrorRows = root.GetProperty("mirror").GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToArray();
        Assert.Equal(["clean-plain-strict", "clean-mirror-aware-strict", "clean-mirror-aware-either",
            "mirrored-plain-strict", "mirrored-plain-either", "mirrored-mirror-aware-either"], mirrorRows);
        // The clean, plain row is the main pass on the same sample: every query is found here.
        Assert.Equal(1.0, root.GetProperty("mirror").GetProperty("rows")[0].GetProperty("hits").GetProperty("hit_at1").GetDouble());
        var ambiguitySets = root.GetProperty("ambiguity").GetProperty("sets");
        Assert.Equal(2, ambiguitySets.GetArrayLength());
        Assert.Equal(30 * 6, ambiguitySets[0].GetProperty("queries").GetInt32());
        Assert.Equal(10, ambiguitySets[0].GetProperty("deciles").GetArrayLength());

        var markdown = await File.ReadAllTextAsync(prefix + ".md");
        Assert.Contains("| raw-2d | 100.0 | 100.0 | 100.0 |", markdown);
        Assert.Contains("## Robustness", markdown);
        Assert.Contains("## Mirror-aware search", markdown);
        Assert.Contains("## Ambiguity against retrieval failure", markdown);

        var png = await File.ReadAllBytesAsync(prefix + ".png");
        Assert.True(png.Length > 10_000, $"PNG of {png.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        var ambiguityPng = await File.ReadAllBytesAsync(prefix + "-ambiguity.png");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, ambiguityPng[..4]);
    }
}
