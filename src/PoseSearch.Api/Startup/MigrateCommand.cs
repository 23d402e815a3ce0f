using Microsoft.Extensions.Options;
using PoseSearch.Storage.Migrations;

namespace PoseSearch.Api.Startup;

/// <summary>The "migrate" command: loads the model (for the vector dimension), applies the migrations, exits.</summary>
public static class MigrateCommand
{
    public const string Name = "migrate";

    public static async Task<int> RunAsync(IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MigrateCommand));
        try
        {
            _ = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var schema = services.GetRequiredService<SchemaParameters>();
            var applied = await services.GetRequiredService<MigrationRunner>().ApplyAsync(schema);
            logger.LogInformation("migrate: {Count} migration(s) applied", applied.Count);
            return 0;
        }
        catch (Exception e) when (e is SchemaMismatchException or OptionsValidationException or FileNotFoundException or Npgsql.NpgsqlException)
        {
            logger.LogError("migrate failed: {Message}", e.Message);
            return 1;
        }
    }
}
