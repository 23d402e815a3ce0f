using Npgsql;

namespace PoseSearch.Storage;

/// <summary>
/// The two ways to the database: <see cref="Write"/> (the primary: ingest, deletes, collection changes,
/// migrations) and <see cref="Read"/> (searches and GETs: streaming replicas through an Npgsql multi-host
/// connection string, or the primary itself when no read connection string is configured).
/// A read that fails because its server went away (a replica stopped or restarted) runs again: first
/// through the read source (Npgsql has marked the dead host offline and picks another), then on the
/// primary, so that losing a replica fails no request. Reads are side-effect free, so a repeat is safe.
/// </summary>
public sealed class PoseSearchDataSources : IAsyncDisposable
{
    private PoseSearchDataSources(NpgsqlDataSource write, NpgsqlDataSource read)
    {
        Write = write;
        Read = read;
    }

    public NpgsqlDataSource Write { get; }

    public NpgsqlDataSource Read { get; }

    /// <summary>Whether reads have a data source of their own (a read connection string was given).</summary>
    public bool HasReadSource => !ReferenceEquals(Read, Write);

    /// <summary>Reads that found their server gone and were run again since start (a replica went away).</summary>
    public long ReadRetries => Interlocked.Read(ref _readRetries);

    private long _readRetries;

    /// <param name="readConnectionString">
    /// Replicas, e.g. "Host=replica1,replica2,primary;Load Balance Hosts=true;Target Session Attributes=prefer-standby;...";
    /// null or blank: reads use the primary.
    /// </param>
    public static PoseSearchDataSources Create(string writeConnectionString, string? readConnectionString, int? defaultMaxPoolSize = null)
    {
        var write = PoseSearchDataSource.Create(writeConnectionString, defaultMaxPoolSize);
        return string.IsNullOrWhiteSpace(readConnectionString)
            ? new PoseSearchDataSources(write, write)
            : new PoseSearchDataSources(write, PoseSearchDataSource.Create(readConnectionString, defaultMaxPoolSize));
    }

    /// <summary>One data source for everything (the CLI, tests, a deployment without replicas).</summary>
    public static PoseSearchDataSources Single(NpgsqlDataSource dataSource) => new(dataSource, dataSource);

    /// <summary>The source this flow's reads use now: the primary inside <see cref="ReadConsistency.ReadYourWrites"/>.</summary>
    public NpgsqlDataSource ForRead() => ReadConsistency.ReadsFromPrimary ? Write : Read;

    /// <summary>Runs a read, again on a lost connection: through the read source once more, then on the primary.</summary>
    public async Task<T> ReadAsync<T>(Func<NpgsqlDataSource, Task<T>> read, CancellationToken cancellationToken)
    {
        var source = ForRead();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await read(source);
            }
            catch (Exception e) when (!ReferenceEquals(source, Write) && IsServerGone(e) && !cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _readRetries);
                // Idle pooled connections to the lost server are dead too: drop them rather than fail on each.
                source.Clear();
                source = attempt == 1 ? Read : Write;
            }
        }
    }

    /// <summary>The server closed, refused or dropped the connection, or is a standby that cannot serve now.</summary>
    public static bool IsServerGone(Exception e) => e switch
    {
        PostgresException p => p.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
            or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.SerializationFailure // a standby's recovery conflict
            || p.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException n => n.IsTransient,
        _ => e.InnerException is { } inner && IsServerGone(inner),
    };

    public async ValueTask DisposeAsync()
    {
        if (HasReadSource)
        {
            await Read.DisposeAsync();
        }

        await Write.DisposeAsync();
    }
}
