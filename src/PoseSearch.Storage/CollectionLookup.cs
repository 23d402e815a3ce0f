using Dapper;
using Npgsql;

namespace PoseSearch.Storage;

/// <summary>Finds a collection's row id inside a transaction, checking which model it was built with.</summary>
internal static class CollectionLookup
{
    private sealed record Row(long Id, string ModelName, string ModelSha256);

    /// <param name="forShare">Lock the collection row so that it cannot be deleted until the transaction ends.</param>
    /// <param name="model">When given, the collection must have been embedded with this model.</param>
    /// <exception cref="CollectionNotFoundException"/>
    /// <exception cref="CollectionModelMismatchException"/>
    public static async Task<long> FindAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string name, ModelIdentity? model, bool forShare,
        CancellationToken cancellationToken)
    {
        var sql = """
            SELECT id AS "Id", model_name AS "ModelName", model_sha256 AS "ModelSha256"
            FROM collections WHERE name = @name
            """ + (forShare ? " FOR SHARE" : "");
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            new CommandDefinition(sql, new { name }, transaction, cancellationToken: cancellationToken))
            ?? throw new CollectionNotFoundException(name);
        if (model is not null && !string.Equals(row.ModelSha256, model.Sha256, StringComparison.Ordinal))
        {
            throw new CollectionModelMismatchException(name, row.ModelName, row.ModelSha256, model);
        }

        return row.Id;
    }
}
