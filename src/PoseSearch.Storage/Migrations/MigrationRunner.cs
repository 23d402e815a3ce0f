using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace PoseSearch.Storage.Migrations;

/// <summary>
/// Applies <see cref="MigrationCatalog"/> in one transaction, recording each step in
/// schema_migrations, then checks that the vector column has the model's dimension. An
/// advisory lock serializes concurrent starts of several service instances.
/// </summary>
public sealed class MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger)
{
    // Any constant unique to this application; pg_advisory_xact_lock takes a bigint key.
    private const long MigrationLockKey = 0x506F73655365617L;

    /// <summary>Applies the missing migrations and verifies the schema.</summary>
    /// <returns>The versions applied by this call (empty when the schema was current).</returns>
    /// <exception cref="SchemaMismatchException">Dimension mismatch or a schema newer than this code.</exception>
    public async Task<IReadOnlyList<int>> ApplyAsync(SchemaParameters parameters, CancellationToken cancellationToken = default)
    {
        var catalog = MigrationCatalog.For(parameters);
        var applied = new List<int>();

        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", new { key = MigrationLockKey }, transaction);
            await connection.ExecuteAsync(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """,
                transaction: transaction);

            var existing = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations", transaction: transaction)).ToHashSet();
            CheckNotNewer(existing, catalog);

            foreach (var migration in catalog.Where(m => !existing.Contains(m.Version)).OrderBy(m => m.Version))
            {
                logger.LogInformation("Applying migration {Version}: {Name}", migration.Version, migration.Name);
                // No time limit: a migration may build indexes over every stored pose (migration 6: about 40 s per million).
                await connection.ExecuteAsync(migration.Sql, transaction: transaction, commandTimeout: 0);
                await connection.ExecuteAsync(
                    "INSERT INTO schema_migrations (version, name) VALUES (@Version, @Name)",
                    new { migration.Version, migration.Name },
                    transaction);
                applied.Add(migration.Version);
            }

            await CheckDimensionAsync(connection, transaction, parameters.EmbeddingDim);
            await CheckVectorVersionAsync(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
        }

        // The vector type may have just been created: let the data source learn its OID.
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await connection.ReloadTypesAsync(cancellationToken);
        }

        logger.LogInformation(
            "Database schema current (version {Version}, vector({Dimension})); applied now: {Applied}",
            catalog[^1].Version, parameters.EmbeddingDim, applied.Count == 0 ? "none" : string.Join(", ", applied));
        return applied;
    }

    /// <summary>Checks without changing anything: every migration applied and the dimension right.</summary>
    public async Task VerifyAsync(SchemaParameters parameters, CancellationToken cancellationToken = default)
    {
        var catalog = MigrationCatalog.For(parameters);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var hasTable = await connection.ExecuteScalarAsync<bool>(
            "SELECT to_regclass('schema_migrations') IS NOT NULL", transaction: transaction);
        var existing = hasTable
            ? (await connection.QueryAsync<int>("SELECT version FROM schema_migrations", transaction: transaction)).ToHashSet()
            : [];
        CheckNotNewer(existing, catalog);
        var missing = catalog.Where(m => !existing.Contains(m.Version)).Select(m => m.Version).ToList();
        if (missing.Count > 0)
        {
            throw new SchemaMismatchException(
                $"The database lacks migrations {string.Join(", ", missing)}; run the service's 'migrate' command " +
                "or enable PoseSearch:Database:ApplyMigrationsAtStartup.");
        }

        await CheckDimensionAsync(connection, transaction, parameters.EmbeddingDim);
        await CheckVectorVersionAsync(connection, transaction);
    }

    /// <summary>Iterative index scans (filtered searches that never come back short) need pgvector 0.8.</summary>
    public static readonly Version MinimumVectorVersion = new(0, 8, 0);

    private static async Task CheckVectorVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var text = await connection.ExecuteScalarAsync<string?>(
            "SELECT extversion FROM pg_extension WHERE extname = 'vector'", transaction: transaction);
        if (text is null || !Version.TryParse(text, out var version) || version < MinimumVectorVersion)
        {
            throw new SchemaMismatchException(
                $"The database has pgvector {text ?? "(not installed)"}; PoseSearch needs {MinimumVectorVersion} or later " +
                "for iterative index scans (ALTER EXTENSION vector UPDATE after installing a newer pgvector).");
        }
    }

    /// <summary>The dimension of poses.mean, or null before the poses table exists.</summary>
    public static async Task<int?> ReadMeanDimensionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        // For pgvector's vector type the type modifier is the dimension.
        return await connection.ExecuteScalarAsync<int?>(
            """
            SELECT a.atttypmod FROM pg_attribute a
            WHERE a.attrelid = to_regclass('poses') AND a.attname = 'mean' AND NOT a.attisdropped
            """,
            transaction: transaction);
    }

    private static async Task CheckDimensionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int expected)
    {
        var actual = await ReadMeanDimensionAsync(connection, transaction);
        if (actual is null)
        {
            throw new SchemaMismatchException("The poses table or its mean column is missing although the migrations are recorded as applied.");
        }

        if (actual != expected)
        {
            throw new SchemaMismatchException(
                $"The database stores embeddings as vector({actual}) but the loaded model has embedding_dim {expected}. " +
                "Embeddings of different models cannot share an index: point ConnectionStrings__PoseSearch at a fresh " +
                "database, or PoseSearch__Model__Path at the model this database was built for.");
        }
    }

    private static void CheckNotNewer(HashSet<int> existing, IReadOnlyList<Migration> catalog)
    {
        var known = catalog.Select(m => m.Version).ToHashSet();
        var unknown = existing.Where(v => !known.Contains(v)).OrderBy(v => v).ToList();
        if (unknown.Count > 0)
        {
            throw new SchemaMismatchException(
                $"The database has schema migrations {string.Join(", ", unknown)} that this service does not know " +
                $"(it knows 1..{catalog[^1].Version}); it was migrated by a newer version.");
        }
    }
}
