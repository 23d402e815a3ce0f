using System.Diagnostics;
using Npgsql;
using PoseSearch.Storage.Migrations;

namespace PoseSearch.Cli.Synthesis;

/// <summary>
/// Drops and re-creates the HNSW index on poses.mean around a bulk load: building the graph
/// once over all rows is much cheaper than inserting into it row by row. The index definition
/// is the schema's own (the migration that created it), so the rebuilt index is the same one.
/// The index covers every collection of the database: use this on a database of its own.
/// </summary>
internal static class HnswIndexControl
{
    public const string IndexName = "poses_mean_hnsw";

    public static async Task<bool> ExistsAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT to_regclass('{IndexName}') IS NOT NULL");
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public static async Task DropAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"DROP INDEX IF EXISTS {IndexName}");
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds the index (no time limit) and returns how long it took.</summary>
    public static async Task<TimeSpan> CreateAsync(NpgsqlDataSource dataSource, SchemaParameters parameters, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(IndexDefinition(parameters), connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return watch.Elapsed;
    }

    /// <summary>The CREATE INDEX of the schema migration that defines <see cref="IndexName"/>.</summary>
    public static string IndexDefinition(SchemaParameters parameters) =>
        MigrationCatalog.For(parameters)
            .Select(m => m.Sql.Trim())
            .SingleOrDefault(sql => sql.StartsWith($"CREATE INDEX {IndexName} ", StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"no schema migration creates the index {IndexName}");
}
