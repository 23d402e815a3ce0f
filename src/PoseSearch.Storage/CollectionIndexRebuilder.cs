using System.Diagnostics;
using Dapper;
using Npgsql;
using PoseSearch.Storage.Migrations;

namespace PoseSearch.Storage;

/// <summary>
/// Rebuilds collections' HNSW graphs that churn has bloated. Every upsert and delete leaves the old
/// row's entry in its collection's graph; a vacuum unlinks it, but the graph keeps the space and
/// searches walk a sparser, larger structure (docs/reliability.md, section 5: 12.6 -> 127 MB for the
/// same 27,600 poses, search p99 21 -> 73 ms). <c>REINDEX INDEX CONCURRENTLY</c> builds a fresh graph
/// beside the old one and swaps them, so searches and writes go on meanwhile.
/// One pass runs under a session advisory lock: with several service instances on one database, one
/// rebuilds at a time and the others skip the pass.
/// </summary>
public sealed class CollectionIndexRebuilder(NpgsqlDataSource dataSource)
{
    /// <summary>The advisory lock of a pass; distinct from the migration and re-embedding keys.</summary>
    public const long LockKey = 0x5EB1_D000_0000_0001L;

    /// <summary>Every visible collection's graph (valid indexes only) against its live poses.</summary>
    public async Task<IReadOnlyList<CollectionIndexBloat>> MeasureAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await MeasureAsync(connection, cancellationToken);
    }

    /// <summary>
    /// One pass: measures every graph and rebuilds, one after another, those that exceed the policy.
    /// Returns <see cref="IndexRebuildPass.Skipped"/> when another process holds the lock.
    /// </summary>
    /// <param name="starting">Told of each graph before its rebuild starts (a rebuild of a large collection takes minutes).</param>
    public async Task<IndexRebuildPass> RunAsync(
        IndexRebuildPolicy policy, Action<CollectionIndexBloat>? starting = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT pg_try_advisory_lock(@key)", new { key = LockKey }, cancellationToken: cancellationToken)))
        {
            return IndexRebuildPass.Skipped;
        }

        try
        {
            await DropLeftoversAsync(connection, cancellationToken);
            var measured = await MeasureAsync(connection, cancellationToken);
            var rebuilt = new List<CollectionIndexRebuild>();
            foreach (var graph in measured.Where(g => g.Exceeds(policy)))
            {
                starting?.Invoke(graph);
                if (await RebuildAsync(connection, graph, cancellationToken) is { } rebuild)
                {
                    rebuilt.Add(rebuild);
                }
            }

            return new IndexRebuildPass(true, measured, rebuilt);
        }
        finally
        {
            // A broken connection has already released the lock with its session.
            if (connection.State == System.Data.ConnectionState.Open)
            {
                try
                {
                    await connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = LockKey });
                }
                catch (NpgsqlException)
                {
                }
            }
        }
    }

    private static async Task<IReadOnlyList<CollectionIndexBloat>> MeasureAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // Hidden collections are re-embedding shadows, whose graph the re-embedding job builds itself.
        var rows = await connection.QueryAsync<(long Id, string Name, long IndexBytes, long LivePoses)>(new CommandDefinition($"""
            SELECT c.id, c.name, pg_relation_size(i.indexrelid),
                   (SELECT count(*) FROM poses p WHERE p.collection_id = c.id)
            FROM collections c
            JOIN pg_index i ON i.indexrelid = to_regclass('{CollectionIndex.NamePrefix}' || c.id)
            WHERE NOT c.hidden AND i.indisvalid
            ORDER BY c.id
            """, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new CollectionIndexBloat(r.Id, r.Name, r.IndexBytes, r.LivePoses))];
    }

    private static async Task<CollectionIndexRebuild?> RebuildAsync(NpgsqlConnection connection, CollectionIndexBloat graph, CancellationToken cancellationToken)
    {
        var name = CollectionIndex.Name(graph.CollectionId);
        var watch = Stopwatch.StartNew();
        try
        {
            // No time limit: a million poses take minutes, and the old graph serves searches until the swap.
            await using var reindex = new NpgsqlCommand($"REINDEX INDEX CONCURRENTLY {name}", connection) { CommandTimeout = 0 };
            await reindex.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null; // the collection was deleted since it was measured
        }

        var after = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT coalesce(pg_relation_size(to_regclass(@name)), 0)", new { name }, cancellationToken: cancellationToken));
        return new CollectionIndexRebuild(graph.Collection, graph.LivePoses, graph.IndexBytes, after, watch.Elapsed);
    }

    /// <summary>
    /// A REINDEX CONCURRENTLY that was cancelled or crashed leaves an invalid copy (name_ccnew, or the old
    /// graph as name_ccold) that writes still maintain; the collection's delete trigger does not know it.
    /// </summary>
    private static async Task DropLeftoversAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var leftovers = await connection.QueryAsync<string>(new CommandDefinition($"""
            SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = 'poses'::regclass AND NOT i.indisvalid AND c.relname ~ '^{CollectionIndex.NamePrefix}[0-9]+_cc(new|old)[0-9]*$'
            """, cancellationToken: cancellationToken));
        foreach (var leftover in leftovers)
        {
            await using var drop = new NpgsqlCommand($"DROP INDEX CONCURRENTLY IF EXISTS {leftover}", connection) { CommandTimeout = 0 };
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
