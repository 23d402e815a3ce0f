using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using PoseSearch.Storage.Migrations;

namespace PoseSearch.Api.Health;

/// <summary>Ready when PostgreSQL answers and the schema is at the version this service expects.</summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource, SchemaParameters schema) : IHealthCheck
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
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("database unreachable: " + e.Message);
        }
    }
}
