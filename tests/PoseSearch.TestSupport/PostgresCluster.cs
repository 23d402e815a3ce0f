using System.Diagnostics;
using Npgsql;
using PoseSearch.Core.IO;

namespace PoseSearch.TestSupport;

/// <summary>
/// A private PostgreSQL cluster for the database tests of a test project (one per test assembly,
/// shared through an xunit collection fixture the project declares), run by the repository's own
/// deploy/scripts/pg-cluster.sh (initdb into a temporary folder, a free localhost port),
/// stopped and removed at the end. Needs PostgreSQL 15 + pgvector (install-prereqs.sh).
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "posesearch-test-pg-" + Guid.NewGuid().ToString("N")[..12]);
    private string _script = "";

    public int Port { get; private set; }

    public string Password { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var root = SharedDataLocator.FindRepositoryRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("the tests run outside the repository");
        _script = Path.Combine(root, "deploy", "scripts", "pg-cluster.sh");
        var output = await RunAsync("start");
        Port = int.Parse(output.Trim().Split('\n')[^1]);
        Password = (await File.ReadAllTextAsync(Path.Combine(_folder, "password"))).Trim(); // no trust: the cluster wants it
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

    private async Task<string> RunAsync(string command)
    {
        var start = new ProcessStartInfo("bash", [_script, command, _folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start bash");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"pg-cluster.sh {command} failed ({process.ExitCode}): {await error}");
        return await output;
    }
}
