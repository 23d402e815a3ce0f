using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using PoseSearch.Storage.Migrations;

namespace PoseSearch.Api.Health;

/// <summary>
/// Ready when PostgreSQL answers and the schema is at the version this service expects. The
/// report is public (anonymous clients read /health/ready), so it never names the server, its
/// address or the driver's message: those go to the log.
/// </summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource, SchemaParameters schema, ILogger<DatabaseHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var expected = MigrationCatalog.For(schema)[^1].Version;
            var version = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
                "SELECT max(version) FROM schema_migrations", cancellationToken: cancellationToken));
            return version == expected
                ? HealthCheckResult.Healthy($"schema version {version}")
                : HealthCheckResult.Unhealthy($"schema version {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, expected {expected}");
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or IOException)
        {
            // Pooled connections may have died with the server: the next check starts afresh, so
            // readiness turns green on the first check after the database is back.
            dataSource.Clear();
            logger.LogWarning("Readiness: database unreachable: {Reason}", e.Message);
            return HealthCheckResult.Unhealthy("database unreachable");
        }
    }
}
