using Dapper;
using Npgsql;

namespace PoseSearch.Storage;

/// <summary>
/// Creates, lists, reads and deletes collections. Deleting a collection deletes its poses. Creating and
/// deleting go to the primary; listing and reading to the read data source (replicas, see
/// PoseSearchDataSources); the existence check guards writes, so it asks the primary.
/// </summary>
public sealed class CollectionStore(PoseSearchDataSources dataSources)
{
    /// <summary>Everything on one data source (no replicas).</summary>
    public CollectionStore(NpgsqlDataSource dataSource)
        : this(PoseSearchDataSources.Single(dataSource))
    {
    }

    private const string SelectWithCount = """
        SELECT c.name AS "Name", c.description AS "Description", c.model_name AS "ModelName",
               c.model_sha256 AS "ModelSha256", c.embedding_dim AS "EmbeddingDim",
               (SELECT count(*) FROM poses p WHERE p.collection_id = c.id) AS "PoseCount",
               c.created_at AS "CreatedAt"
        FROM collections c
        """;

    /// <exception cref="CollectionAlreadyExistsException">The name is taken.</exception>
    public async Task<CollectionInfo> CreateAsync(string name, string? description, ModelIdentity model, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSources.Write.OpenConnectionAsync(cancellationToken);
        try
        {
            // ON CONFLICT DO NOTHING keeps a failed create from aborting anything else and from logging a server error.
            var created = await connection.QuerySingleOrDefaultAsync<DateTime?>(
                new CommandDefinition(
                    """
                    INSERT INTO collections (name, description, model_name, model_sha256, embedding_dim)
                    VALUES (@name, @description, @modelName, @sha, @dim)
                    ON CONFLICT (name) DO NOTHING
                    RETURNING created_at
                    """,
                    new { name, description, modelName = model.Name, sha = model.Sha256, dim = model.EmbeddingDim },
                    cancellationToken: cancellationToken));
            return created is { } createdAt
                ? new CollectionInfo(name, description, model.Name, model.Sha256, model.EmbeddingDim, 0, createdAt)
                : throw new CollectionAlreadyExistsException(name);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new CollectionAlreadyExistsException(name);
        }
    }

    public Task<IReadOnlyList<CollectionInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        dataSources.ReadAsync<IReadOnlyList<CollectionInfo>>(async source =>
        {
            await using var connection = await source.OpenConnectionAsync(cancellationToken);
            var rows = await connection.QueryAsync<CollectionInfo>(
                new CommandDefinition(SelectWithCount + " WHERE NOT c.hidden ORDER BY c.name", cancellationToken: cancellationToken));
            return rows.AsList();
        }, cancellationToken);

    public Task<CollectionInfo?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        dataSources.ReadAsync(async source =>
        {
            await using var connection = await source.OpenConnectionAsync(cancellationToken);
            return await connection.QuerySingleOrDefaultAsync<CollectionInfo>(
                new CommandDefinition(SelectWithCount + " WHERE c.name = @name AND NOT c.hidden", new { name }, cancellationToken: cancellationToken));
        }, cancellationToken);

    /// <summary>The model a collection was embedded with (no pose count); null when there is no such collection. Read from the primary: it decides which model embeds a write.</summary>
    public async Task<ModelIdentity?> GetModelAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSources.Write.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ModelIdentity>(new CommandDefinition(
            """
            SELECT model_name AS "Name", model_sha256 AS "Sha256", embedding_dim AS "EmbeddingDim"
            FROM collections WHERE name = @name AND NOT hidden
            """,
            new { name }, cancellationToken: cancellationToken));
    }

    /// <summary>A cheap existence check (no pose count), for requests that only need to know the collection is there.</summary>
    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSources.Write.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM collections WHERE name = @name)", new { name }, cancellationToken: cancellationToken));
    }

    /// <returns>False when no such collection existed.</returns>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSources.Write.OpenConnectionAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(
            new CommandDefinition("DELETE FROM collections WHERE name = @name", new { name }, cancellationToken: cancellationToken));
        return deleted > 0;
    }
}
