using Dapper;
using Npgsql;
using PoseSearch.TestSupport;

namespace PoseSearch.Storage.Tests;

/// <summary>
/// CollectionIndexRebuilder against the real cluster: a collection whose poses are replaced over and
/// over bloats its HNSW graph; one pass rebuilds that graph (REINDEX CONCURRENTLY) while searches go
/// on, and leaves a graph that fits its poses alone.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class IndexRebuildTests(PostgresCluster postgres)
{
    private const int Poses = 400;

    [Fact]
    public async Task A_churned_collections_graph_is_rebuilt_online_and_a_calm_one_is_left_alone()
    {
        await using var db = await StorageDatabase.CreateAsync(postgres, "index_rebuild");
        var rebuilder = new CollectionIndexRebuilder(db.DataSource);
        await FillAsync(db, "churn", rounds: 1);
        await FillAsync(db, "calm", rounds: 1);
        var fresh = (await rebuilder.MeasureAsync()).Single(g => g.Collection == "calm");
        Assert.Equal(Poses, fresh.LivePoses);

        await FillAsync(db, "churn", rounds: 15);   // every pose replaced 15 times: the old entries stay in the graph
        var bloated = (await rebuilder.MeasureAsync()).Single(g => g.Collection == "churn");
        Assert.Equal(Poses, bloated.LivePoses);
        Assert.True(bloated.BytesPerPose > 4 * fresh.BytesPerPose, $"churned {bloated.BytesPerPose:0} vs fresh {fresh.BytesPerPose:0} bytes per pose");

        var policy = new IndexRebuildPolicy(MaxBytesPerPose: 2 * fresh.BytesPerPose, MinIndexBytes: 0);
        var search = new TwoStageSearch(db.DataSource, new SearchOptions { Candidates = 10 });
        var query = new SearchQuery(new float[StorageDatabase.Dimension], Enumerable.Repeat(0.3f, StorageDatabase.Dimension).ToArray(), K: 5);
        var started = new List<string>();
        using var stop = new CancellationTokenSource();
        var searches = Task.Run(async () =>
        {
            var answered = 0;
            while (!stop.IsCancellationRequested || answered == 0)
            {
                Assert.Equal(5, (await search.SearchAsync("churn", db.Model, StorageDatabase.Scorer, query)).Hits.Count);
                answered++;
            }

            return answered;
        });

        var pass = await rebuilder.RunAsync(policy, graph => started.Add(graph.Collection));
        await stop.CancelAsync();
        Assert.True(await searches > 0);

        Assert.True(pass.Ran);
        Assert.Equal(["churn"], started);
        var rebuilt = Assert.Single(pass.Rebuilt);
        Assert.Equal("churn", rebuilt.Collection);
        Assert.Equal(bloated.IndexBytes, rebuilt.BytesBefore);
        Assert.True(rebuilt.BytesAfter < rebuilt.BytesBefore / 4, $"{rebuilt.BytesBefore} -> {rebuilt.BytesAfter} bytes");
        var after = (await rebuilder.MeasureAsync()).Single(g => g.Collection == "churn");
        Assert.Equal(rebuilt.BytesAfter, after.IndexBytes);
        Assert.False(after.Exceeds(policy));
        Assert.Equal(5, (await search.SearchAsync("churn", db.Model, StorageDatabase.Scorer, query)).Hits.Count);

        // The same name and definition (a partial index per collection), valid, and no copy left behind.
        Assert.Equal(2, await db.ScalarAsync(
            "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid " +
            "WHERE i.indrelid = 'poses'::regclass AND c.relname LIKE 'poses_mean_hnsw_%' AND i.indisvalid"));
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM pg_class WHERE relname LIKE '%_ccnew%' OR relname LIKE '%_ccold%'"));
        Assert.Empty((await rebuilder.RunAsync(policy)).Rebuilt);
    }

    [Fact]
    public async Task A_pass_does_nothing_while_another_process_holds_the_maintenance_lock()
    {
        await using var db = await StorageDatabase.CreateAsync(postgres, "index_rebuild_lock");
        var rebuilder = new CollectionIndexRebuilder(db.DataSource);
        await FillAsync(db, "churn", rounds: 6);
        var everything = new IndexRebuildPolicy(MaxBytesPerPose: 1, MinIndexBytes: 0);

        await using (var other = await db.DataSource.OpenConnectionAsync())
        {
            await other.ExecuteAsync("SELECT pg_advisory_lock(@key)", new { key = CollectionIndexRebuilder.LockKey });
            var skipped = await rebuilder.RunAsync(everything);
            Assert.False(skipped.Ran);
            Assert.Empty(skipped.Rebuilt);
            await other.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = CollectionIndexRebuilder.LockKey });
        }

        var ran = await rebuilder.RunAsync(everything);
        Assert.True(ran.Ran);
        Assert.Single(ran.Rebuilt);
    }

    [Fact]
    public async Task Small_graphs_under_the_size_floor_are_left_alone_whatever_their_ratio()
    {
        await using var db = await StorageDatabase.CreateAsync(postgres, "index_rebuild_floor");
        await FillAsync(db, "churn", rounds: 6);
        var pass = await new CollectionIndexRebuilder(db.DataSource).RunAsync(new IndexRebuildPolicy(MaxBytesPerPose: 1, MinIndexBytes: 64L << 20));
        Assert.True(pass.Ran);
        Assert.Single(pass.Measured);
        Assert.Empty(pass.Rebuilt);
    }

    /// <summary>Creates the collection if needed and upserts its poses <paramref name="rounds"/> times, each round with other means (so no update is HOT).</summary>
    private static async Task FillAsync(StorageDatabase db, string collection, int rounds)
    {
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        {
            if (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM collections WHERE name = @collection", new { collection }) == 0)
            {
                await new CollectionStore(db.DataSource).CreateAsync(collection, null, db.Model);
            }
        }

        var store = new PoseStore(db.DataSource);
        for (var round = 0; round < rounds; round++)
        {
            var shift = round * 0.001f;
            var poses = EmbeddedPoses.OnALine("p", Poses, StorageDatabase.Dimension)
                .Select(p => p with { Mean = [.. p.Mean.Select(v => v + shift)] }).ToList();
            await store.IngestAsync(collection, poses, db.Model);
        }
    }
}
