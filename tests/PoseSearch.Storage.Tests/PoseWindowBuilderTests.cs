using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Sequences;
using PoseSearch.Storage.Migrations;
using PoseSearch.Storage.Sequences;
using PoseSearch.TestSupport;

namespace PoseSearch.Storage.Tests;

[Collection(PostgresCollection.Name)]
public class PoseWindowBuilderTests(PostgresCluster postgres)
{
    private static readonly ModelIdentity Temporal = new("temporal-test", new string('t', 64), StorageDatabase.Dimension);

    /// <summary>A usable pose whose nose x is <paramref name="marker"/> (what the fake embedder reads back).</summary>
    private static PoseRecord Pose(string id, string video, int frame, int? person, float marker, bool usable = true)
    {
        var keypoints = new float[26];
        for (var j = 0; j < 13; j++)
        {
            keypoints[2 * j] = 100 + 13 * j + (j % 2 == 0 ? 5 : 0);
            keypoints[2 * j + 1] = 50 + 20 * j;
        }

        keypoints[0] = marker;
        var visibility = Enumerable.Repeat(1f, 13).ToArray();
        if (!usable)
        {
            visibility[ModelJoints.LeftShoulder] = visibility[ModelJoints.RightShoulder] = visibility[ModelJoints.LeftHip] = 0;
        }

        return new PoseRecord(id, new float[StorageDatabase.Dimension], Enumerable.Repeat(0.5f, StorageDatabase.Dimension).ToArray(),
            keypoints, visibility, new PoseMetadata(video, frame, Person: person));
    }

    /// <summary>Each window's embedding is its frames' nose x (T = 3) and its length: the windows' makeup shows through.</summary>
    private static Task<(float[] Means, float[] Stddevs)> NoseEmbedder(IReadOnlyList<PoseWindow> windows, CancellationToken _) =>
        Task.FromResult((
            windows.SelectMany(w => w.Frames.Select(f => f.Coordinates[0]).Append(w.Length)).ToArray(),
            windows.SelectMany(_ => Enumerable.Repeat(0.25f, StorageDatabase.Dimension)).ToArray()));

    private static async Task<List<(string Video, int? Person, int Frame, float[] Mean)>> WindowsAsync(StorageDatabase db)
    {
        await using var command = db.DataSource.CreateCommand(
            "SELECT video_id, person, frame, mean::real[] FROM pose_windows ORDER BY video_id, person NULLS FIRST, frame");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, int?, int, float[])>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt32(1), reader.GetInt32(2), reader.GetFieldValue<float[]>(3)));
        }

        return rows;
    }

    [Fact]
    public async Task Each_track_frame_gets_the_window_centred_on_it_with_the_ends_repeated()
    {
        await using var db = await StorageDatabase.CreateAsync(postgres, "pose_windows_build");
        await new CollectionStore(db.DataSource).CreateAsync("takes", "test", db.Model);
        var poses = new List<PoseRecord>();
        poses.AddRange(new[] { 4, 0, 2, 1, 3 }.Select(f => Pose($"p0-{f}", "v", f, 0, f))); // stored out of order
        poses.Add(Pose("p0-2-again", "v", 2, 0, 99)); // the first stored of a frame counts
        poses.Add(Pose("p0-5-unusable", "v", 5, 0, 98, usable: false)); // skipped, not padded
        poses.Add(Pose("p1-7", "v", 7, 1, 70)); // a one-frame track
        poses.Add(Pose("nobody-1", "w", 1, null, 11));
        poses.Add(Pose("nobody-2", "w", 2, null, 12));
        poses.Add(new PoseRecord("untracked", new float[4], Enumerable.Repeat(0.5f, 4).ToArray(), poses[0].Keypoints, poses[0].Visibility, PoseMetadata.Empty));
        await new PoseStore(db.DataSource).IngestAsync("takes", poses, db.Model);
        var reports = new List<(long Done, long Total)>();

        var set = await new PoseWindowBuilder(db.DataSource).BuildAsync("takes", Temporal, 3, 1, NoseEmbedder, new SyncProgress(reports));

        var windows = await WindowsAsync(db);
        Assert.Equal(
        [
            ("v", 0, 0, new[] { 0f, 0, 1, 3 }), ("v", 0, 1, new[] { 0f, 1, 2, 3 }), ("v", 0, 2, new[] { 1f, 2, 3, 3 }),
            ("v", 0, 3, new[] { 2f, 3, 4, 3 }), ("v", 0, 4, new[] { 3f, 4, 4, 3 }), ("v", 1, 7, new[] { 70f, 70, 70, 3 }),
            ("w", null, 1, new[] { 11f, 11, 12, 3 }), ("w", null, 2, new[] { 11f, 12, 12, 3 }),
        ], windows.Select(w => (w.Video, w.Person, w.Frame, w.Mean)).ToList(), new WindowComparer());
        Assert.Equal(new PoseWindowSet("temporal-test", Temporal.Sha256, 8, 11, set.PosesUpdatedAt, set.BuiltAt, Stale: false), set);
        Assert.Equal((8L, 8L), reports[^1]);
        Assert.Equal(1, await db.ScalarAsync(
            $"SELECT count(*) FROM pg_indexes WHERE indexname = '{PoseWindowIndex.Name(await db.ScalarAsync("SELECT id FROM collections WHERE name = 'takes'"))}'"));
    }

    [Fact]
    public async Task A_rebuild_replaces_the_set_and_a_failed_one_leaves_the_old_set_whole()
    {
        await using var db = await StorageDatabase.CreateAsync(postgres, "pose_windows_rebuild");
        await new CollectionStore(db.DataSource).CreateAsync("takes", "test", db.Model);
        await new PoseStore(db.DataSource).IngestAsync("takes", Enumerable.Range(0, 3000).Select(f => Pose($"f{f}", "v", f, 0, f)).ToList(), db.Model);
        var builder = new PoseWindowBuilder(db.DataSource);
        await builder.BuildAsync("takes", Temporal, 3, 1, NoseEmbedder);

        var calls = 0;
        EmbedWindows failsLate = (windows, ct) => ++calls < 3 ? NoseEmbedder(windows, ct) : throw new InvalidOperationException("model crashed");
        await Assert.ThrowsAsync<InvalidOperationException>(() => builder.BuildAsync("takes", Temporal with { Name = "other" }, 3, 1, failsLate));
        Assert.Equal(3000, await db.ScalarAsync("SELECT count(*) FROM pose_windows"));
        Assert.Equal("temporal-test", (await new PoseWindowSetReader(db.DataSource).GetAsync("takes"))!.ModelName);

        var rebuilt = await builder.BuildAsync("takes", Temporal with { Name = "other" }, 3, 1, NoseEmbedder);
        Assert.Equal(3000, await db.ScalarAsync("SELECT count(*) FROM pose_windows"));
        Assert.Equal(("other", 3000L), (rebuilt.ModelName, rebuilt.WindowCount));
    }

    [Fact]
    public async Task Windows_go_stale_when_poses_are_ingested_or_deleted_and_leave_with_their_collection()
    {
        await using var db = await StorageDatabase.CreateAsync(postgres, "pose_windows_stale");
        var collections = new CollectionStore(db.DataSource);
        await collections.CreateAsync("takes", "test", db.Model);
        var poses = new PoseStore(db.DataSource);
        await poses.IngestAsync("takes", Enumerable.Range(0, 10).Select(f => Pose($"f{f}", "v", f, 0, f)).ToList(), db.Model);
        var builder = new PoseWindowBuilder(db.DataSource);
        var sets = new PoseWindowSetReader(db.DataSource);
        Assert.Null(await sets.GetAsync("takes"));

        await builder.BuildAsync("takes", Temporal, 3, 1, NoseEmbedder);
        Assert.False((await sets.GetAsync("takes"))!.Stale);
        await poses.IngestAsync("takes", [Pose("f3", "v", 3, 0, 33)], db.Model); // replaces one: same count
        Assert.True((await sets.GetAsync("takes"))!.Stale);

        await builder.BuildAsync("takes", Temporal, 3, 1, NoseEmbedder);
        Assert.False((await sets.GetAsync("takes"))!.Stale);
        await poses.DeleteAsync("takes", "f9");
        Assert.True((await sets.GetAsync("takes"))!.Stale);

        await collections.DeleteAsync("takes");
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM pose_windows"));
        Assert.Equal(0, await db.ScalarAsync($"SELECT count(*) FROM pg_indexes WHERE indexname LIKE '{PoseWindowIndex.NamePrefix}%'"));
    }

    [Fact]
    public async Task A_temporal_model_of_another_dimension_or_an_unknown_collection_is_refused()
    {
        await using var db = await StorageDatabase.CreateAsync(postgres, "pose_windows_refused");
        await new CollectionStore(db.DataSource).CreateAsync("takes", "test", db.Model);
        var builder = new PoseWindowBuilder(db.DataSource);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => builder.BuildAsync("takes", Temporal with { EmbeddingDim = 16 }, 3, 1, NoseEmbedder));
        Assert.Contains("16 dimensions", error.Message);
        await Assert.ThrowsAsync<CollectionNotFoundException>(() => builder.BuildAsync("nope", Temporal, 3, 1, NoseEmbedder));
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM pose_window_sets"));
    }

    private sealed class SyncProgress(List<(long, long)> reports) : IProgress<(long Done, long Total)>
    {
        public void Report((long Done, long Total) value) => reports.Add(value);
    }

    private sealed class WindowComparer : IEqualityComparer<(string, int?, int, float[])>
    {
        public bool Equals((string, int?, int, float[]) x, (string, int?, int, float[]) y) =>
            (x.Item1, x.Item2, x.Item3) == (y.Item1, y.Item2, y.Item3) && x.Item4.SequenceEqual(y.Item4);

        public int GetHashCode((string, int?, int, float[]) obj) => HashCode.Combine(obj.Item1, obj.Item2, obj.Item3);
    }
}
