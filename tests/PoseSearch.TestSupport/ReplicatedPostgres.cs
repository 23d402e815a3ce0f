using System.Diagnostics;
using Npgsql;
using PoseSearch.Core.IO;

namespace PoseSearch.TestSupport;

/// <summary>
/// A primary and one streaming replica (hot standby), both private clusters on loopback ports made
/// by deploy/scripts/pg-cluster.sh ("start", then "replica": pg_basebackup -R). The replica can be
/// stopped and started again while the primary runs, and the test can wait for it to catch up.
/// Needs PostgreSQL 15 + pgvector (install-prereqs.sh).
/// </summary>
public sealed class ReplicatedPostgres : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "posesearch-test-repl-" + Guid.NewGuid().ToString("N")[..12]);
    public int PrimaryPort { get; private set; }

    public int ReplicaPort { get; private set; }

    public string Password { get; private set; } = "";

    private string PrimaryFolder => Path.Combine(_folder, "primary");

    private string ReplicaFolder => Path.Combine(_folder, "replica");

    public async Task InitializeAsync()
    {
        PrimaryPort = LastLineAsPort(await RunAsync("start", PrimaryFolder));
        Password = (await File.ReadAllTextAsync(Path.Combine(PrimaryFolder, "password"))).Trim();
        ReplicaPort = LastLineAsPort(await RunAsync("replica", ReplicaFolder, PrimaryFolder));
    }

    /// <summary>A database made on the primary; it reaches the replica through replication.</summary>
    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(Unpooled(PrimaryConnectionString("postgres")));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    public string PrimaryConnectionString(string database) => Builder(database, $"127.0.0.1:{PrimaryPort}").ConnectionString;

    public string ReplicaConnectionString(string database) => Builder(database, $"127.0.0.1:{ReplicaPort}").ConnectionString;

    /// <summary>
    /// Reads as an operator would configure them: the replica first, the primary as the fallback
    /// (Target Session Attributes=prefer-standby), a host that failed skipped for a while.
    /// </summary>
    public string ReadConnectionString(string database)
    {
        var builder = Builder(database, $"127.0.0.1:{ReplicaPort},127.0.0.1:{PrimaryPort}");
        builder.TargetSessionAttributes = "prefer-standby";
        builder.LoadBalanceHosts = true;
        builder.HostRecheckSeconds = 10;
        return builder.ConnectionString;
    }

    /// <summary>Waits until the replica has replayed everything the primary has written so far.</summary>
    public async Task WaitForCatchUpAsync(TimeSpan? timeout = null)
    {
        string target;
        await using (var primary = new NpgsqlConnection(Unpooled(PrimaryConnectionString("postgres"))))
        {
            await primary.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pg_current_wal_lsn()::text", primary);
            target = (string)(await command.ExecuteScalarAsync())!;
        }

        var deadline = Stopwatch.StartNew();
        await using var replica = new NpgsqlConnection(Unpooled(ReplicaConnectionString("postgres")));
        await replica.OpenAsync();
        while (true)
        {
            await using var command = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", replica);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = target });
            if ((bool)(await command.ExecuteScalarAsync())!)
            {
                return;
            }

            if (deadline.Elapsed > (timeout ?? TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException($"the replica did not reach the primary's WAL position {target}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Pauses or resumes WAL replay on the replica: new writes on the primary stay invisible there meanwhile (a lagging replica).</summary>
    public async Task SetReplayPausedAsync(bool paused)
    {
        await using var replica = new NpgsqlConnection(Unpooled(ReplicaConnectionString("postgres")));
        await replica.OpenAsync();
        await using var command = new NpgsqlCommand(paused ? "SELECT pg_wal_replay_pause()" : "SELECT pg_wal_replay_resume()", replica);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Stops the replica (fast shutdown: its sessions are terminated), as a crashed or drained replica would.</summary>
    public Task StopReplicaAsync() => RunAsync("stop", ReplicaFolder);

    public async Task StartReplicaAsync() => ReplicaPort = LastLineAsPort(await RunAsync("start", ReplicaFolder));

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunAsync("stop", ReplicaFolder);
        await RunAsync("stop", PrimaryFolder);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private NpgsqlConnectionStringBuilder Builder(string database, string hosts) =>
        new() { Host = hosts, Username = "postgres", Password = Password, Database = database };

    // The fixture's own connections outlive no server restart: no pool that could hand out a dead one.
    private static string Unpooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    private static int LastLineAsPort(string output) => int.Parse(output.Trim().Split('\n')[^1]);

    private static Task<string> RunAsync(params string[] arguments) => PgClusterScript.RunAsync(arguments);
}
