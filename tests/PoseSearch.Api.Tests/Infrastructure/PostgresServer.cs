using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PoseSearch.Api.Tests.Infrastructure;

/// <summary>
/// A private PostgreSQL cluster with pgvector for the tests: initdb into a temporary folder,
/// pg_ctl start on a free localhost port (socket in the same folder), removed at the end.
/// PostgreSQL refuses to run as root, so under root the cluster belongs to the 'postgres'
/// system user and the server tools run through runuser.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string InstallHint = "Install PostgreSQL 15 and pgvector 0.8 with deploy/scripts/install-prereqs.sh.";
    private const string SystemUser = "postgres";

    private readonly string _binDirectory;
    private readonly string _folder;
    private readonly bool _asRoot;

    private PostgresServer(string binDirectory, string folder, int port, bool asRoot)
    {
        _binDirectory = binDirectory;
        _folder = folder;
        _asRoot = asRoot;
        Port = port;
    }

    public int Port { get; }

    public string DataDirectory => Path.Combine(_folder, "data");

    public static async Task<PostgresServer> StartAsync(bool durable = false)
    {
        var bin = FindBinDirectory();
        var folder = Path.Combine(Path.GetTempPath(), "posesearch-tests-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var asRoot = Environment.UserName == "root";
        var server = new PostgresServer(bin, folder, FreePort(), asRoot);
        try
        {
            if (asRoot)
            {
                await ProcessRunner.RunAsync("chown", ["-R", SystemUser, folder]);
            }

            await server.RunToolAsync("initdb", ["-D", server.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
            await server.StartServerAsync(durable);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the stopped (or crashed) server again, on the same port.</summary>
    public Task StartServerAsync(bool durable) => RunToolAsync("pg_ctl",
    [
        "-D", DataDirectory, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
        "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1" +
              (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"),
        "start",
    ]);

    /// <summary>
    /// A crash: SIGKILL to the postmaster (its backends notice and exit). Returns once nothing
    /// listens on the port any more.
    /// </summary>
    public async Task KillAsync()
    {
        var pid = int.Parse((await File.ReadAllLinesAsync(Path.Combine(DataDirectory, "postmaster.pid")))[0], System.Globalization.CultureInfo.InvariantCulture);
        await ProcessRunner.RunAsync("kill", ["-9", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        for (var i = 0; i < 100 && IsListening(); i++)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>After <see cref="KillAsync"/>: starts again on the same port, retrying while the old backends exit.</summary>
    public async Task RestartAsync(bool durable)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartServerAsync(durable);
                return;
            }
            catch (InvalidOperationException) when (attempt < 20)
            {
                await Task.Delay(500);
            }
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

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            Pooling = true,
        }.ConnectionString;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (Directory.Exists(DataDirectory) && File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], check: false);
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A left-over temp folder is harmless; the server is already stopped.
        }
    }

    private Task<ProcessRunner.Result> RunToolAsync(string tool, string[] arguments, bool check = true)
    {
        var path = Path.Combine(_binDirectory, tool);
        return _asRoot
            ? ProcessRunner.RunAsync("runuser", ["-u", SystemUser, "--", path, .. arguments], workingDirectory: _folder, check: check)
            : ProcessRunner.RunAsync(path, arguments, workingDirectory: _folder, check: check);
    }

    private static string FindBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("POSESEARCH_PG_BIN");
        var candidates = configured is not null
            ? [configured]
            : Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderDescending().ToArray()
                : [];
        var bin = candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException(
                $"PostgreSQL server binaries (initdb, pg_ctl) not found in {(candidates.Length == 0 ? "/usr/lib/postgresql/*/bin" : string.Join(", ", candidates))}. {InstallHint}");

        var version = Path.GetFileName(Path.GetDirectoryName(bin));
        var control = $"/usr/share/postgresql/{version}/extension/vector.control";
        if (configured is null && !File.Exists(control))
        {
            throw new InvalidOperationException($"pgvector is not installed for PostgreSQL {version} ({control} missing). {InstallHint}");
        }

        return bin;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
