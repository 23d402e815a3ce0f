using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Npgsql;
using PoseSearch.Storage.Migrations;

namespace PoseSearch.Api.Startup;

/// <summary>
/// Runs before the server accepts requests: waits for PostgreSQL (up to the configured time),
/// then applies the migrations (or only verifies the schema). A schema built for another
/// embedding dimension stops the start with a message that says what to do.
/// </summary>
public sealed class DatabaseInitializer(
    MigrationRunner runner,
    SchemaParameters schema,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(options.Value.StartupTimeoutSeconds);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (options.Value.ApplyMigrationsAtStartup)
                {
                    await runner.ApplyAsync(schema, cancellationToken);
                }
                else
                {
                    await runner.VerifyAsync(schema, cancellationToken);
                }

                return;
            }
            catch (Exception e) when (IsUnreachable(e) && DateTime.UtcNow < deadline)
            {
                logger.LogWarning("Database not reachable yet (attempt {Attempt}): {Message}; retrying", attempt, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, attempt)), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static bool IsUnreachable(Exception e) =>
        e is NpgsqlException { IsTransient: true } || e.InnerException is SocketException || e is SocketException;
}
