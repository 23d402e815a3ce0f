using System.Text.Json;
using PoseSearch.Cli.Tests.Support;
using PoseSearch.TestSupport;

namespace PoseSearch.Cli.Tests;

/// <summary>The commands that go through PostgreSQL: eval --via-db, demo load, synth and recall.</summary>
[Collection(PostgresCollection.Name)]
public class DatabaseTests(PostgresCluster postgres) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private (string Dataset, string Rig) WriteInputs(int poses)
    {
        var dataset = _folder.File("poses.npz");
        var rig = _folder.File("rig.json");
        TestDatasets.Writer(TestDatasets.DistinctPoses(poses)).Save(dataset);
        TestRigs.WriteSharedCentreRig(rig);
        return (dataset, rig);
    }

    [Fact]
    public async Task Eval_via_db_ranks_through_the_storage_search_and_drops_its_collections()
    {
        var connection = await postgres.CreateDatabaseAsync("via_db");
        var (dataset, rig) = WriteInputs(30);
        var prefix = _folder.File("db");

        var result = await CliRunner.RunAsync("eval", "--dataset", dataset, "--rig", rig, "--subject", "S1",
            "--model", CliRunner.RandomTinyModel(), "--noise", "none", "--dropout", "none", "--occlude", "none",
            "--agreement-queries", "6", "--via-db", connection, "--db-queries", "0", "--out", prefix);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("; db 100.0/100.0/100.0 vs in-process", result.Output);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(prefix + ".json"));
        var db = json.RootElement.GetProperty("database");
        Assert.Equal(30, db.GetProperty("queries_per_pair").GetInt32());
        Assert.Equal(4, db.GetProperty("collections").GetArrayLength() + 1);   // three cameras
        // 30 poses per collection: the HNSW stage finds every candidate, so the lists agree.
        Assert.Equal(20.0, db.GetProperty("mean_top20_overlap").GetDouble(), 6);
        Assert.Equal(0, await postgres.ScalarAsync(connection, "SELECT count(*) FROM collections"));
        // The report keeps the command line but not the connection string (it may hold a password).
        Assert.DoesNotContain(json.RootElement.GetProperty("arguments").EnumerateArray(), a => a.GetString() == connection);
    }

    [Fact]
    public async Task Eval_via_db_with_an_unreachable_server_is_a_one_line_input_error()
    {
        var (dataset, rig) = WriteInputs(12);
        var result = await CliRunner.RunAsync("eval", "--dataset", dataset, "--rig", rig, "--subject", "S1",
            "--model", CliRunner.RandomTinyModel(), "--via-db", "Host=127.0.0.1;Port=1;Username=postgres;Database=none;Timeout=2");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("posesearch: cannot reach PostgreSQL at 127.0.0.1:1/none", result.Error);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Demo_load_ingests_the_held_out_rows_once_and_a_second_run_changes_nothing()
    {
        var connection = await postgres.CreateDatabaseAsync("demo_load");
        var (dataset, rig) = WriteInputs(40);   // clips of 10 frames, alternately train and val: 20 val rows
        string[] args = ["demo", "load", "--dataset", dataset, "--rig", rig, "--subject", "S1", "--collection", "demo",
            "--connection", connection, "--model", CliRunner.RandomTinyModel(), "--every", "2"];

        var first = await CliRunner.RunAsync(args);
        Assert.True(first.ExitCode == 0, first.Error);
        // 20 val rows, every 2nd frame (frames 0, 2, 4, 6, 8 of each clip) = 10 poses x 3 cameras.
        Assert.Contains("30 demo poses", first.Output);
        const string count = "SELECT count(*) FROM poses p JOIN collections c ON c.id = p.collection_id WHERE c.name = 'demo'";
        Assert.Equal(30, await postgres.ScalarAsync(connection, count));
        Assert.Equal(0, await postgres.ScalarAsync(connection,
            "SELECT count(*) FROM poses WHERE NOT (video_id = split_part(external_id, ':', 1) || '.' || split_part(external_id, ':', 3)) OR person <> 0 OR frame % 2 <> 0"));
        Assert.Equal(0, await postgres.ScalarAsync(connection, "SELECT count(*) FROM poses WHERE external_id LIKE 'clip-0:%' OR external_id LIKE 'clip-2:%'"));

        var second = await CliRunner.RunAsync(args);
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Contains("nothing to do", second.Output);
        Assert.Equal(30, await postgres.ScalarAsync(connection, count));

        // The default model changed: the stored poses are re-embedded in place, not reloaded.
        var third = await CliRunner.RunAsync([.. args[..^4], "--model", Path.Combine(RepositoryPaths.Root, "onnx-models", "prvipe-plain-v1"), "--every", "2"]);
        Assert.True(third.ExitCode == 0, third.Error);
        Assert.Contains("re-embedding it with prvipe-plain-v1", third.Error);
        Assert.Contains("re-embedded the 30 demo poses with model prvipe-plain-v1", third.Output);
        Assert.Equal(30, await postgres.ScalarAsync(connection, count));
        Assert.Equal(1, await postgres.ScalarAsync(connection, "SELECT count(*) FROM collections WHERE name = 'demo' AND model_name = 'prvipe-plain-v1'"));
        Assert.Equal(1, await postgres.ScalarAsync(connection, "SELECT count(*) FROM reembed_jobs WHERE state = 'done' AND done = 30"));
    }

    [Fact]
    public async Task Windows_build_embeds_a_window_per_track_frame_and_replaces_the_set_on_a_rerun()
    {
        var connection = await postgres.CreateDatabaseAsync("windows_build");
        var (dataset, rig) = WriteInputs(40);
        var load = await CliRunner.RunAsync("demo", "load", "--dataset", dataset, "--rig", rig, "--subject", "S1", "--collection", "demo",
            "--connection", connection, "--model", CliRunner.RandomTinyModel(), "--every", "2");
        Assert.True(load.ExitCode == 0, load.Error);
        string[] build = ["windows", "build", "--connection", connection, "--collection", "demo",
            "--temporal-model", Path.Combine(RepositoryPaths.Root, "onnx-models", "prvipe-temporal-v1"), "--threads", "1"];

        var first = await CliRunner.RunAsync(build);
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("Built 30 windows of 'demo' (30 poses) with prvipe-temporal-v1", first.Output);
        var second = await CliRunner.RunAsync(build);
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Equal(30, await postgres.ScalarAsync(connection, "SELECT count(*) FROM pose_windows"));
        // Each window is the temporal model's embedding: not the pose's single-frame one, and distinct per frame.
        Assert.Equal(30, await postgres.ScalarAsync(connection, "SELECT count(DISTINCT mean::text) FROM pose_windows"));
        Assert.Equal(0, await postgres.ScalarAsync(connection,
            "SELECT count(*) FROM pose_windows w JOIN poses p ON p.video_id = w.video_id AND p.frame = w.frame AND p.person = w.person WHERE p.mean = w.mean"));

        var missing = await CliRunner.RunAsync([.. build[..5], "nope", .. build[6..]]);
        Assert.Equal(2, missing.ExitCode);
        Assert.StartsWith("posesearch: collection 'nope'", missing.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
    }

    [Fact]
    public async Task Eval_sequence_search_with_a_temporal_model_searches_every_query_through_the_windows_too()
    {
        var connection = await postgres.CreateDatabaseAsync("eval_seq_windows");
        var (dataset, rig) = WriteInputs(40); // 20 val rows: 2 clips of 10 frames
        var prefix = _folder.File("seq");

        var result = await CliRunner.RunAsync("eval-sequence-search", "--dataset", dataset, "--rig", rig, "--subject", "S1",
            "--connection", connection, "--query-camera", "0", "--queries", "4", "--clip-frames", "6", "--threads", "1",
            "--model", CliRunner.RandomTinyModel(), "--temporal-model", Path.Combine(RepositoryPaths.Root, "onnx-models", "prvipe-temporal-v1"),
            "--out", prefix);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("; with windows Hit@1", result.Output);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(prefix + ".json"));
        var windows = json.RootElement.GetProperty("with_windows");
        Assert.Equal(4, windows.GetProperty("window_shortlists").GetInt32());
        Assert.True(windows.GetProperty("latency_p50_ms").GetDouble() > 0);
        Assert.Equal("prvipe-temporal-v1", json.RootElement.GetProperty("temporal_model").GetProperty("name").GetString());
        var stored = json.RootElement.GetProperty("poses").GetInt32();
        Assert.Equal(stored, await postgres.ScalarAsync(connection, "SELECT count(*) FROM pose_windows"));
        Assert.Contains("| temporal windows |", await File.ReadAllTextAsync(prefix + ".md"));
    }

    private static string[] SynthArguments(string dataset, string connection, params string[] more) =>
    [
        "synth", "--dataset", dataset, "--count", "120", "--seed", "3", "--collection", "synth", "--connection", connection,
        "--model", CliRunner.RandomTinyModel(), "--threads", "1", "--embed-batch", "32", "--copy-batch", "50", .. more,
    ];

    private const string SynthIndexExists =
        "SELECT count(*) FROM pg_indexes i JOIN collections c ON i.indexname = 'poses_mean_hnsw_' || c.id WHERE c.name = 'synth'";

    private const string SynthPoses = "SELECT count(*) FROM poses p JOIN collections c ON c.id = p.collection_id WHERE c.name = 'synth'";

    [Fact]
    public async Task Synth_loads_the_collection_rebuilds_its_own_index_and_reports_the_table_size()
    {
        var connection = await postgres.CreateDatabaseAsync("synth_load");
        var (dataset, _) = WriteInputs(40);
        var report = _folder.File("synth.json");

        var first = await CliRunner.RunAsync(SynthArguments(dataset, connection, "--report", report));
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal(120, await postgres.ScalarAsync(connection, SynthPoses));
        Assert.Equal(1, await postgres.ScalarAsync(connection, SynthIndexExists));
        using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(report)))
        {
            Assert.Equal(120, json.RootElement.GetProperty("poses").GetInt32());
            Assert.Equal("AfterLoad", json.RootElement.GetProperty("index_build").GetString());
            Assert.True(json.RootElement.GetProperty("index_build_seconds").GetDouble() > 0);
            Assert.True(json.RootElement.GetProperty("table_bytes").GetInt64() > 0);
            Assert.True(json.RootElement.GetProperty("index_bytes").GetInt64() > 0);
        }

        var taken = await CliRunner.RunAsync(SynthArguments(dataset, connection));
        Assert.Equal(2, taken.ExitCode);
        Assert.Contains("already exists (120 poses); pass --replace", taken.Error);

        // Replaced through the API's upsert path with the index kept: the collection's graph is there again.
        var replaced = await CliRunner.RunAsync(SynthArguments(dataset, connection, "--replace", "--index", "DuringLoad", "--copy-mode", "Upsert"));
        Assert.True(replaced.ExitCode == 0, replaced.Error);
        Assert.Equal(120, await postgres.ScalarAsync(connection, SynthPoses));
        Assert.Equal(1, await postgres.ScalarAsync(connection, SynthIndexExists));
        Assert.Equal(1, await postgres.ScalarAsync(connection, "SELECT count(*) FROM collections"));
    }

    [Fact]
    public async Task Recall_holds_the_two_stage_search_to_the_exact_ranking_of_every_stored_pose()
    {
        var connection = await postgres.CreateDatabaseAsync("recall");
        var (dataset, _) = WriteInputs(40);
        var synth = await CliRunner.RunAsync(SynthArguments(dataset, connection));
        Assert.True(synth.ExitCode == 0, synth.Error);
        var prefix = _folder.File("recall");
        string[] recall = ["recall", "--connection", connection, "--dataset", dataset, "--model", CliRunner.RandomTinyModel(),
            "--queries", "4", "--k", "5", "--candidates", "120", "--ef-search", "200", "--threads", "1", "--out", prefix];

        var result = await CliRunner.RunAsync([.. recall, "--collection", "synth"]);
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(prefix + ".json"));
        Assert.Equal(120, json.RootElement.GetProperty("collection_poses").GetInt32());
        // C = 120 takes every stored pose as a candidate: the re-rank is then the exact ranking.
        var point = json.RootElement.GetProperty("points").EnumerateArray().Single(p => p.GetProperty("candidates").GetInt32() == 120);
        Assert.Equal(1.0, point.GetProperty("recall").GetDouble(), 6);

        var missing = await CliRunner.RunAsync([.. recall, "--collection", "nope"]);
        Assert.Equal(2, missing.ExitCode);
        Assert.StartsWith("posesearch: collection 'nope' does not exist", missing.Error);
    }
}
