using System.Diagnostics;
using Npgsql;
using PoseSearch.Storage.Migrations;

namespace PoseSearch.Cli.Synthesis;

/// <summary>
/// Drops and re-creates a collection's HNSW index around a bulk load: building the graph once over
/// all rows is much cheaper than inserting into it row by row. Every collection has an index of its
/// own, partial on its id (schema migration 6 creates it with the collection), so this touches no
/// other collection; the rebuilt index has the same name and shape, with the given m and ef_construction.
/// </summary>
internal static class HnswIndexControl
{
    public static async Task<bool> ExistsAsync(NpgsqlDataSource dataSource, string collection, CancellationToken cancellationToken)
    {
        var id = await CollectionIdAsync(dataSource, collection, cancellationToken).ConfigureAwait(false);
        await using var command = dataSource.CreateCommand($"SELECT to_regclass('{CollectionIndex.Name(id)}') IS NOT NULL");
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public static async Task DropAsync(NpgsqlDataSource dataSource, string collection, CancellationToken cancellationToken)
    {
        var id = await CollectionIdAsync(dataSource, collection, cancellationToken).ConfigureAwait(false);
        await using var command = dataSource.CreateCommand($"DROP INDEX IF EXISTS {CollectionIndex.Name(id)}");
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds the collection's index (no time limit) and returns how long it took.</summary>
    public static async Task<TimeSpan> CreateAsync(NpgsqlDataSource dataSource, string collection, SchemaParameters parameters, CancellationToken cancellationToken)
    {
        var id = await CollectionIdAsync(dataSource, collection, cancellationToken).ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(CollectionIndex.Definition(id, parameters), connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return watch.Elapsed;
    }

    private static async Task<long> CollectionIdAsync(NpgsqlDataSource dataSource, string collection, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id FROM collections WHERE name = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = collection });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?
            ?? throw new InvalidOperationException($"collection '{collection}' does not exist");
    }
}
