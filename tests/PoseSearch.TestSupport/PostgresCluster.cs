using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using PoseSearch.Core.IO;

namespace PoseSearch.TestSupport;

/// <summary>
/// A private PostgreSQL cluster for the database tests of a test project (one per test assembly,
/// shared through an xunit collection fixture the project declares), run by the repository's own
/// deploy/scripts/pg-cluster.sh (initdb into a temporary folder, a free localhost port),
/// stopped and removed at the end. Needs PostgreSQL 15 + pgvector (install-prereqs.sh).
/// Unless <see cref="Durable"/>, the cluster skips fsync and full-page writes: test data need not
/// survive a power cut, and the tests run faster. A durable one can be crashed and restarted
/// (<see cref="KillAsync"/>, <see cref="RestartAsync"/>) to test what survives.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "posesearch-test-pg-" + Guid.NewGuid().ToString("N")[..12]);
    public int Port { get; private set; }

    public string Password { get; private set; } = "";

    /// <summary>Whether commits reach the disk (fsync); set for crash tests.</summary>
    public bool Durable { get; init; }

    public async Task InitializeAsync()
    {
        var output = await RunAsync("start");
        Port = int.Parse(output.Trim().Split('\n')[^1]);
        Password = (await File.ReadAllTextAsync(Path.Combine(_folder, "password"))).Trim(); // no trust: the cluster wants it
        if (!Durable)
        {
            await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
            await connection.OpenAsync();
            foreach (var setting in new[] { "fsync", "synchronous_commit", "full_page_writes" })
            {
                await using var command = new NpgsqlCommand($"ALTER SYSTEM SET {setting} = off", connection);
                await command.ExecuteNonQueryAsync();
            }

            await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection);
            await reload.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// A crash: SIGKILL to the postmaster (its backends notice and exit). Returns once nothing
    /// listens on the port any more.
    /// </summary>
    public async Task KillAsync()
    {
        var pidLine = (await File.ReadAllLinesAsync(Path.Combine(_folder, "data", "postmaster.pid")))[0];
        using (var postmaster = Process.GetProcessById(int.Parse(pidLine, CultureInfo.InvariantCulture)))
        {
            postmaster.Kill(entireProcessTree: false);
        }

        for (var i = 0; i < 100 && IsListening(); i++)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>After <see cref="KillAsync"/>: starts again on the same port, retrying while the old backends exit.</summary>
    public async Task RestartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var port = int.Parse((await RunAsync("start")).Trim().Split('\n')[^1], CultureInfo.InvariantCulture);
                if (port != Port)
                {
                    throw new InvalidOperationException($"the cluster came back on port {port} instead of {Port}");
                }

                return;
            }
            catch (InvalidOperationException) when (attempt < 20)
            {
                await Task.Delay(500);
            }
        }
    }

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Password = Password, Database = database }.ConnectionString;

    public async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunAsync("stop");
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

    private bool IsListening()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private Task<string> RunAsync(string command) => PgClusterScript.RunAsync(command, _folder);
}
