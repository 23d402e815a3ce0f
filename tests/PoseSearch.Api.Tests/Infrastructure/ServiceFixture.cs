using System.Net.Http.Json;
using Npgsql;
using PoseSearch.Api.Security;

namespace PoseSearch.Api.Tests.Infrastructure;

/// <summary>
/// Shared by every database test (one xunit collection, so it starts once): a PostgreSQL
/// cluster, one database, and the service on the default model against it.
/// </summary>
public sealed class ServiceFixture : IAsyncLifetime
{
    public PostgresCluster Postgres { get; } = new();

    public string ConnectionString { get; private set; } = null!;

    /// <summary>The model the service picks by default: the trained one if shipped, else random-tiny.</summary>
    public string ModelFolder { get; } = Path.GetDirectoryName(Embedding.ModelLocator.Resolve(null, [RepositoryPaths.Root]))!;

    public ApiFactory Factory { get; private set; } = null!;

    /// <summary>A client that sends the API key.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>A client without a key.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Postgres.InitializeAsync();
        ConnectionString = await Postgres.CreateDatabaseAsync("posesearch_tests");
        Factory = new ApiFactory(ConnectionString, ModelFolder);
        Client = Factory.CreateClient();
        Client.DefaultRequestHeaders.Add(ApiKeyValidator.HeaderName, ApiFactory.ApiKey);
        Anonymous = Factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        Anonymous?.Dispose();
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }

        await Postgres.DisposeAsync();
    }

    public async Task<long> CountAsync(string table)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A fresh collection with a unique name.</summary>
    public async Task<string> CreateCollectionAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 33)];
        var response = await Client.PostAsJsonAsync("/v1/collections", new { name });
        response.EnsureSuccessStatusCode();
        return name;
    }
}

[CollectionDefinition(Name)]
public sealed class ServiceTestGroup : ICollectionFixture<ServiceFixture>
{
    public const string Name = "service";
}
