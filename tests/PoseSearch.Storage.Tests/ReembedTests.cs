using Dapper;
using PoseSearch.TestSupport;

namespace PoseSearch.Storage.Tests;

/// <summary>Online re-embedding of a collection (CollectionReembedder) on a real PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public class ReembedTests(PostgresCluster postgres)
{
    private static readonly ModelIdentity NewModel = new("new-model", new string('b', 64), StorageDatabase.Dimension);

    /// <summary>Pose i: keypoint x0 = i (the rest zero), so the "new model" below can be checked exactly.</summary>
    private static PoseRecord Pose(int i, float x0) => new(
        $"p{i}",
        Enumerable.Repeat(-1f, StorageDatabase.Dimension).ToArray(),
        Enumerable.Repeat(0.5f, StorageDatabase.Dimension).ToArray(),
        new[] { x0 }.Concat(new float[25]).ToArray(),
        Enumerable.Repeat(1f, 13).ToArray(),
        new PoseMetadata(VideoId: "v", Frame: i));

    /// <summary>The new model: mean = (x0, x0 + 1, ...), stddev 0.25; counts how many poses it embedded.</summary>
    private sealed class CountingEmbedder
    {
        public int Embedded;
        public Func<int, bool>? FailOnCall;
        private int _calls;

        public Task<(float[] Means, float[] Stddevs)> Embed(float[] keypoints, float[] visibility, int count, CancellationToken cancellationToken)
        {
            if (FailOnCall?.Invoke(++_calls) == true)
            {
                throw new InvalidOperationException("model failed");
            }

            Interlocked.Add(ref Embedded, count);
            var d = StorageDatabase.Dimension;
            var means = new float[count * d];
            for (var i = 0; i < count; i++)
            {
                for (var k = 0; k < d; k++)
                {
                    means[i * d + k] = keypoints[i * 26] + k;
                }
            }

            return Task.FromResult((means, Enumerable.Repeat(0.25f, count * d).ToArray()));
        }
    }

    private static async Task<StorageDatabase> WithCollectionAsync(PostgresCluster postgres, string database, int count)
    {
        var db = await StorageDatabase.CreateAsync(postgres, database);
        await new CollectionStore(db.DataSource).CreateAsync("c", "my poses", db.Model);
        await new PoseBulkLoader(db.DataSource).AppendAsync("c", Enumerable.Range(0, count).Select(i => Pose(i, i)).ToList(), db.Model);
        return db;
    }

    private static async Task<List<(string Id, float Mean0, string? Video)>> PosesAsync(StorageDatabase db) =>
        (await db.DataSource.OpenConnection().QueryAsync<(string, float, string?)>(
            "SELECT p.external_id, (p.mean::real[])[1], p.video_id FROM poses p JOIN collections c ON c.id = p.collection_id WHERE c.name = 'c' ORDER BY p.external_id")).AsList();

    [Fact]
    public async Task Re_embeds_every_pose_from_its_keypoints_and_switches_the_collection_to_the_new_model()
    {
        await using var db = await WithCollectionAsync(postgres, "reembed_all", 25);
        var reembedder = new CollectionReembedder(db.DataSource);
        var embedder = new CountingEmbedder();
        var seen = new List<long>();

        var job = await reembedder.StartAsync("c", NewModel);
        var done = await reembedder.RunAsync(job, embedder.Embed, batchSize: 10, j => seen.Add(j.Done));

        Assert.Equal("done", done.State);
        Assert.Equal(25, done.Done);
        Assert.Equal(25, embedder.Embedded);
        Assert.Equal([10, 20, 25, 25], seen);
        var info = await new CollectionStore(db.DataSource).GetAsync("c");
        Assert.Equal(("new-model", 25L, "my poses"), (info!.ModelName, info.PoseCount, info.Description));
        var poses = await PosesAsync(db);
        Assert.Equal(25, poses.Count);
        Assert.All(poses, p => Assert.Equal(float.Parse(p.Id[1..]), p.Mean0));
        Assert.All(poses, p => Assert.Equal("v", p.Video));
        // The old rows and the shadow's hidden name are gone; one graph for the one collection.
        Assert.Equal(1, await db.ScalarAsync("SELECT count(*) FROM collections"));
        Assert.Equal(25, await db.ScalarAsync("SELECT count(*) FROM poses"));
        Assert.Equal(1, await db.ScalarAsync("SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'poses_mean_hnsw_%'"));
    }

    [Fact]
    public async Task A_crashed_run_resumes_where_it_stopped_and_embeds_every_pose_once_with_changes_made_meanwhile()
    {
        await using var db = await WithCollectionAsync(postgres, "reembed_resume", 30);
        var reembedder = new CollectionReembedder(db.DataSource);
        var embedder = new CountingEmbedder();
        using var crash = new CancellationTokenSource();

        var job = await reembedder.StartAsync("c", NewModel);
        // "Crash" after the second committed batch.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            reembedder.RunAsync(job, embedder.Embed, 7, j => { if (j.Done >= 14) { crash.Cancel(); } }, crash.Token));
        Assert.Equal(14, embedder.Embedded);

        // Meanwhile the collection answers as before and takes writes with its old model.
        var store = new CollectionStore(db.DataSource);
        Assert.Equal("test-model", (await store.GetAsync("c"))!.ModelName);
        Assert.Equal(["c"], (await store.ListAsync()).Select(c => c.Name));
        var poses = new PoseStore(db.DataSource);
        await poses.IngestAsync("c", [Pose(100, 100), Pose(3, 33)], db.Model);   // a new pose, and pose 3 (already copied) replaced
        Assert.True(await poses.DeleteAsync("c", "p5"));                         // a copied pose deleted
        Assert.True(await poses.DeleteAsync("c", "p20"));                        // a pose not yet copied deleted

        var resumed = await reembedder.StartAsync("c", NewModel);
        Assert.Equal(job.Id, resumed.Id);
        var done = await reembedder.RunAsync(resumed, embedder.Embed, 7);

        Assert.Equal("done", done.State);
        var after = await PosesAsync(db);
        Assert.Equal(29, after.Count);                                         // 30 + 1 new - 2 deleted
        Assert.DoesNotContain(after, p => p.Id is "p5" or "p20");
        Assert.Equal(100f, after.Single(p => p.Id == "p100").Mean0);
        Assert.Equal(33f, after.Single(p => p.Id == "p3").Mean0);              // the replacement's keypoints
        // 30 - 1 (p20 never copied) + 2 caught up (p100, p3 again): nothing else was embedded twice.
        Assert.Equal(29 + 2, embedder.Embedded);
    }

    [Fact]
    public async Task Two_processes_running_the_same_job_take_turns_and_embed_every_pose_once()
    {
        await using var db = await WithCollectionAsync(postgres, "reembed_twice", 60);
        var reembedder = new CollectionReembedder(db.DataSource);
        var embedder = new CountingEmbedder();

        var job = await reembedder.StartAsync("c", NewModel);
        var again = await reembedder.StartAsync("c", NewModel); // a second instance asking for the same run gets the same job
        Assert.Equal(job.Id, again.Id);
        var results = await Task.WhenAll(
            Task.Run(() => reembedder.RunAsync(job, embedder.Embed, batchSize: 5)),
            Task.Run(() => reembedder.RunAsync(again, embedder.Embed, batchSize: 5)));

        Assert.All(results, r => Assert.Equal("done", r.State));
        Assert.Equal(60, embedder.Embedded);
        Assert.Equal(60, (await reembedder.GetAsync("c"))!.Done);
        Assert.Equal(60, await db.ScalarAsync("SELECT count(*) FROM poses"));
        Assert.Equal(1, await db.ScalarAsync("SELECT count(*) FROM collections"));
        Assert.All(await PosesAsync(db), p => Assert.Equal(float.Parse(p.Id[1..]), p.Mean0));
    }

    [Fact]
    public async Task A_failed_run_leaves_the_collection_exactly_as_it_was()
    {
        await using var db = await WithCollectionAsync(postgres, "reembed_fail", 20);
        var before = await PosesAsync(db);
        var reembedder = new CollectionReembedder(db.DataSource);
        var embedder = new CountingEmbedder { FailOnCall = call => call == 2 };

        var job = await reembedder.StartAsync("c", NewModel);
        await Assert.ThrowsAsync<InvalidOperationException>(() => reembedder.RunAsync(job, embedder.Embed, 8));

        var failed = await reembedder.GetAsync("c");
        Assert.Equal(("failed", "model failed"), (failed!.State, failed.Error));
        Assert.Equal("test-model", (await new CollectionStore(db.DataSource).GetAsync("c"))!.ModelName);
        Assert.Equal(before, await PosesAsync(db));
        Assert.Equal(1, await db.ScalarAsync("SELECT count(*) FROM collections"));
        Assert.Equal(20, await db.ScalarAsync("SELECT count(*) FROM poses"));

        // A new run can start after a failed one.
        var again = await reembedder.StartAsync("c", NewModel);
        Assert.NotEqual(job.Id, again.Id);
    }

    [Fact]
    public async Task Conflicting_runs_and_runs_to_the_same_model_are_refused()
    {
        await using var db = await WithCollectionAsync(postgres, "reembed_conflict", 3);
        var reembedder = new CollectionReembedder(db.DataSource);

        var same = await Assert.ThrowsAsync<ReembedConflictException>(() => reembedder.StartAsync("c", db.Model));
        Assert.Contains("already embedded with model 'test-model'", same.Message);
        await reembedder.StartAsync("c", NewModel);
        var other = await Assert.ThrowsAsync<ReembedConflictException>(() =>
            reembedder.StartAsync("c", NewModel with { Name = "third", Sha256 = new string('c', 64) }));
        Assert.Contains("is being re-embedded with model 'new-model'", other.Message);
        await Assert.ThrowsAsync<CollectionNotFoundException>(() => reembedder.StartAsync("nope", NewModel));
    }
}
