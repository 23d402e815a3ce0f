using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PoseSearch.Core.Scoring;
using PoseSearch.Storage.Migrations;
using PoseSearch.TestSupport;

namespace PoseSearch.Storage.Tests;

/// <summary>
/// Searches and GETs through a streaming replica (ConnectionStrings:PoseSearchRead), writes to the
/// primary: what a client sees while the replica lags, read-your-writes, and a replica that stops
/// under load (reads move to the primary and no search fails).
/// </summary>
public sealed class ReadReplicaTests(ReplicatedPostgres postgres) : IClassFixture<ReplicatedPostgres>
{
    private const int Dimension = StorageDatabase.Dimension;
    private static readonly ModelIdentity Model = new("test-model", new string('a', 64), Dimension);
    private static readonly MatchProbabilityModel Scorer = new(1f, 0f, 0f, Enumerable.Range(0, 4 * Dimension).Select(i => (i % 7 - 3) / 3f).ToArray(), Dimension);
    private static readonly SearchQuery Query = new(new float[Dimension], Enumerable.Repeat(0.5f, Dimension).ToArray(), K: 100); // the most a search returns (SearchOptions.MaxK)

    [Fact]
    public async Task Reads_go_to_the_replica_lag_behind_writes_unless_the_request_reads_its_own_writes()
    {
        await using var sources = await OpenAsync("lag", recheckSeconds: 10);
        var collections = new CollectionStore(sources);
        var poses = new PoseStore(sources);
        var search = new TwoStageSearch(sources, new SearchOptions { Candidates = 100 });
        await collections.CreateAsync("c", null, Model);
        await poses.IngestAsync("c", Poses("first", 0, 20), Model);
        await postgres.WaitForCatchUpAsync();

        Assert.True(await IsStandbyAsync(sources.ForRead()));
        Assert.Equal(20, (await search.SearchAsync("c", Model, Scorer, Query)).Hits.Count);

        // A replica that has not replayed the newest write yet (replay paused stands in for lag).
        await postgres.SetReplayPausedAsync(true);
        try
        {
            await poses.IngestAsync("c", Poses("second", 20, 5), Model);
            Assert.Equal(20, (await search.SearchAsync("c", Model, Scorer, Query)).Hits.Count);
            Assert.Null(await poses.GetAsync("c", "second-20"));
            Assert.Equal(20, (await collections.GetAsync("c"))!.PoseCount);

            using (ReadConsistency.ReadYourWrites())
            {
                Assert.False(await IsStandbyAsync(sources.ForRead()));
                Assert.Equal(25, (await search.SearchAsync("c", Model, Scorer, Query)).Hits.Count);
                Assert.NotNull(await poses.GetAsync("c", "second-20"));
                Assert.Equal(25, (await collections.GetAsync("c"))!.PoseCount);
            }

            Assert.True(await IsStandbyAsync(sources.ForRead())); // the scope ended: back to the replica
        }
        finally
        {
            await postgres.SetReplayPausedAsync(false);
        }

        await postgres.WaitForCatchUpAsync();
        Assert.Equal(25, (await search.SearchAsync("c", Model, Scorer, Query)).Hits.Count);
    }

    [Fact]
    public async Task A_replica_stopped_under_load_moves_the_reads_to_the_primary_without_a_failed_search()
    {
        await using var sources = await OpenAsync("failover", recheckSeconds: 2);
        var collections = new CollectionStore(sources);
        var search = new TwoStageSearch(sources, new SearchOptions { Candidates = 100 });
        await collections.CreateAsync("c", null, Model);
        await new PoseStore(sources).IngestAsync("c", Poses("p", 0, 100), Model);
        await postgres.WaitForCatchUpAsync();
        Assert.True(await IsStandbyAsync(sources.Read));

        var succeeded = 0;
        var failures = new List<Exception>();
        using var stop = new CancellationTokenSource();
        async Task ClientAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var result = await search.SearchAsync("c", Model, Scorer, Query);
                    if (result.Hits.Count != 100)
                    {
                        throw new InvalidOperationException($"{result.Hits.Count} hits instead of 100");
                    }

                    Interlocked.Increment(ref succeeded);
                }
                catch (Exception e)
                {
                    lock (failures)
                    {
                        failures.Add(e);
                    }
                }
            }
        }

        var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(ClientAsync)).ToList();
        await WaitForAsync(() => Volatile.Read(ref succeeded) >= 50, failures);
        await postgres.StopReplicaAsync();
        var atStop = Volatile.Read(ref succeeded);
        await WaitForAsync(() => Volatile.Read(ref succeeded) >= atStop + 200, failures);
        stop.Cancel();
        await Task.WhenAll(clients);

        Assert.Empty(failures);
        Assert.True(sources.ReadRetries >= 1, "no search lost its replica connection: the stop did not hit the reads");
        Assert.False(await IsStandbyAsync(sources.Read)); // only the primary is left

        // Back: after Host Recheck Seconds the read source prefers the replica again.
        await postgres.StartReplicaAsync();
        await postgres.WaitForCatchUpAsync();
        var back = Stopwatch.StartNew();
        while (!await IsStandbyAsync(sources.Read))
        {
            await using var probe = sources.Read.CreateCommand("SELECT inet_server_port()");
            var port = await probe.ExecuteScalarAsync();
            Assert.True(back.Elapsed < TimeSpan.FromSeconds(30), $"reads did not return to the replica (now port {port}, replica {postgres.ReplicaPort}, primary {postgres.PrimaryPort})");
            sources.Read.Clear();
            await Task.Delay(250);
        }
    }

    private async Task<PoseSearchDataSources> OpenAsync(string name, int recheckSeconds)
    {
        var database = $"replica_{name}_{Guid.NewGuid():N}"[..30];
        await postgres.CreateDatabaseAsync(database);
        var read = new NpgsqlConnectionStringBuilder(postgres.ReadConnectionString(database)) { HostRecheckSeconds = recheckSeconds };
        var sources = PoseSearchDataSources.Create(postgres.PrimaryConnectionString(database), read.ConnectionString);
        await new MigrationRunner(sources.Write, NullLogger<MigrationRunner>.Instance).ApplyAsync(StorageDatabase.Schema);
        return sources;
    }

    private static async Task<bool> IsStandbyAsync(NpgsqlDataSource source)
    {
        await using var command = source.CreateCommand("SELECT pg_is_in_recovery()");
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitForAsync(Func<bool> condition, List<Exception> failures)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"the searches stalled ({failures.Count} failed, first: {failures.FirstOrDefault()})");
            await Task.Delay(10);
        }
    }

    private static List<PoseRecord> Poses(string prefix, int first, int count) => Enumerable.Range(first, count)
        .Select(row => new PoseRecord(
            $"{prefix}-{row}",
            Enumerable.Range(0, Dimension).Select(d => row / 50f + d / 10f).ToArray(),
            Enumerable.Range(0, Dimension).Select(d => 0.5f + d / 1000f).ToArray(),
            new float[26],
            Enumerable.Repeat(1f, 13).ToArray(),
            PoseMetadata.Empty))
        .ToList();
}
