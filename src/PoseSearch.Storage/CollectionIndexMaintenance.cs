using System.Diagnostics;
using Npgsql;
using PoseSearch.Storage.Migrations;

namespace PoseSearch.Storage;

/// <summary>
/// Drops and re-creates a collection's HNSW index around a bulk load: building the graph once over
/// all rows is much cheaper than inserting into it row by row. Every collection has an index of its
/// own, partial on its id (<see cref="CollectionIndex"/>; schema migration 6 creates it with the
/// collection), so this touches no other collection; the rebuilt index has the same name and shape,
/// with the given m and ef_construction.
/// </summary>
public sealed class CollectionIndexMaintenance(NpgsqlDataSource dataSource)
{
    /// <exception cref="CollectionNotFoundException"/>
    public async Task<bool> ExistsAsync(string collection, CancellationToken cancellationToken = default)
    {
        var id = await CollectionIdAsync(collection, cancellationToken);
        await using var command = dataSource.CreateCommand($"SELECT to_regclass('{CollectionIndex.Name(id)}') IS NOT NULL");
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Drops the collection's index when it has one.</summary>
    /// <exception cref="CollectionNotFoundException"/>
    public async Task DropAsync(string collection, CancellationToken cancellationToken = default)
    {
        var id = await CollectionIdAsync(collection, cancellationToken);
        await using var command = dataSource.CreateCommand($"DROP INDEX IF EXISTS {CollectionIndex.Name(id)}");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Builds the collection's index (no time limit) and returns how long it took.</summary>
    /// <exception cref="CollectionNotFoundException"/>
    public async Task<TimeSpan> CreateAsync(string collection, SchemaParameters parameters, CancellationToken cancellationToken = default)
    {
        var id = await CollectionIdAsync(collection, cancellationToken);
        var watch = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(CollectionIndex.Definition(id, parameters), connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
        return watch.Elapsed;
    }

    private async Task<long> CollectionIdAsync(string collection, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await CollectionLookup.FindAsync(connection, transaction: null, collection, model: null, forShare: false, cancellationToken);
    }
}
