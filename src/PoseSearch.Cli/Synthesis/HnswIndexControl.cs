using System.Diagnostics;
using System.Globalization;
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
    public static string IndexName(long collectionId) => "poses_mean_hnsw_" + collectionId.ToString(CultureInfo.InvariantCulture);

    public static async Task<bool> ExistsAsync(NpgsqlDataSource dataSource, string collection, CancellationToken cancellationToken)
    {
        var id = await CollectionIdAsync(dataSource, collection, cancellationToken).ConfigureAwait(false);
        await using var command = dataSource.CreateCommand($"SELECT to_regclass('{IndexName(id)}') IS NOT NULL");
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public static async Task DropAsync(NpgsqlDataSource dataSource, string collection, CancellationToken cancellationToken)
    {
        var id = await CollectionIdAsync(dataSource, collection, cancellationToken).ConfigureAwait(false);
        await using var command = dataSource.CreateCommand($"DROP INDEX IF EXISTS {IndexName(id)}");
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds the collection's index (no time limit) and returns how long it took.</summary>
    public static async Task<TimeSpan> CreateAsync(NpgsqlDataSource dataSource, string collection, SchemaParameters parameters, CancellationToken cancellationToken)
    {
        var id = await CollectionIdAsync(dataSource, collection, cancellationToken).ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(IndexDefinition(id, parameters), connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return watch.Elapsed;
    }

    /// <summary>The CREATE INDEX of a collection's graph, as the schema's trigger writes it.</summary>
    public static string IndexDefinition(long collectionId, SchemaParameters parameters) => string.Create(CultureInfo.InvariantCulture,
        $"CREATE INDEX {IndexName(collectionId)} ON poses USING hnsw (mean vector_l2_ops) WITH (m = {parameters.HnswM}, ef_construction = {parameters.HnswEfConstruction}) WHERE collection_id = {collectionId}");

    private static async Task<long> CollectionIdAsync(NpgsqlDataSource dataSource, string collection, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id FROM collections WHERE name = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = collection });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?
            ?? throw new InvalidOperationException($"collection '{collection}' does not exist");
    }
}
