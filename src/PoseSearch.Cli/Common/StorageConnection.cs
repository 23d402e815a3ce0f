using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PoseSearch.Embedding;
using PoseSearch.Storage;
using PoseSearch.Storage.Migrations;

namespace PoseSearch.Cli.Common;

/// <summary>
/// Opens the PostgreSQL database through the Storage layer, as the API does: the same data
/// source (pgvector types), the same migrations for the loaded model's dimension.
/// </summary>
internal sealed class StorageConnection : IAsyncDisposable
{
    private StorageConnection(NpgsqlDataSource dataSource, ModelIdentity model, string server)
    {
        DataSource = dataSource;
        Model = model;
        Server = server;
    }

    public NpgsqlDataSource DataSource { get; }

    public ModelIdentity Model { get; }

    /// <summary>host:port/database, without credentials.</summary>
    public string Server { get; }

    public static async Task<StorageConnection> OpenAsync(string connectionString, ModelCard card, CancellationToken cancellationToken)
    {
        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new CliInputException($"the connection string is not valid: {e.Message}", e);
        }
        var server = $"{parsed.Host}:{parsed.Port}/{parsed.Database}";
        var dataSource = PoseSearchDataSource.Create(connectionString);
        try
        {
            var parameters = new SchemaParameters { EmbeddingDim = card.EmbeddingDim };
            await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e) when (e is not PostgresException)
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw new CliInputException($"cannot reach PostgreSQL at {server}: {e.Message}", e);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new StorageConnection(dataSource, new ModelIdentity(card.Name, card.Sha256, card.EmbeddingDim), server);
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
