using Npgsql;
using Pgvector;

namespace PoseSearch.Storage;

/// <summary>Reads every stored embedding (external id, mean, stddev) of a collection with one binary COPY.</summary>
public sealed class CollectionEmbeddingReader(NpgsqlDataSource dataSource)
{
    /// <param name="dimension">The model's embedding dimension; every stored row must have it.</param>
    /// <exception cref="CollectionNotFoundException"/>
    /// <exception cref="InvalidDataException">A stored row has another dimension.</exception>
    /// <exception cref="InvalidOperationException">The collection changed while it was read.</exception>
    public async Task<CollectionEmbeddings> ReadAllAsync(string collection, int dimension, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        long collectionId;
        long count;
        await using (var lookup = dataSource.CreateCommand(
            "SELECT c.id, (SELECT count(*) FROM poses p WHERE p.collection_id = c.id) FROM collections c WHERE c.name = $1"))
        {
            lookup.Parameters.Add(new NpgsqlParameter<string> { TypedValue = collection });
            await using var reader = await lookup.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new CollectionNotFoundException(collection);
            }

            collectionId = reader.GetInt64(0);
            count = reader.GetInt64(1);
        }

        var ids = new string[count];
        var means = new float[count * dimension];
        var stddevs = new float[count * dimension];
        if (count == 0)
        {
            return CollectionEmbeddings.FromArrays(ids, means, stddevs, dimension);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // The id is a number read from the database, so formatting it into the statement is safe.
        await using var export = await connection.BeginBinaryExportAsync(
            $"COPY (SELECT external_id, mean, stddev FROM poses WHERE collection_id = {collectionId}) TO STDOUT (FORMAT BINARY)",
            cancellationToken);
        var row = 0L;
        while (await export.StartRowAsync(cancellationToken) != -1)
        {
            if (row == count)
            {
                throw new InvalidOperationException($"collection '{collection}' grew while it was read");
            }

            ids[row] = await export.ReadAsync<string>(cancellationToken);
            var mean = await export.ReadAsync<Vector>(cancellationToken);
            var stddev = await export.ReadAsync<float[]>(cancellationToken);
            if (mean.Memory.Length != dimension || stddev.Length != dimension)
            {
                throw new InvalidDataException($"pose '{ids[row]}' has {mean.Memory.Length} mean and {stddev.Length} stddev values, the model has {dimension}");
            }

            mean.Memory.Span.CopyTo(means.AsSpan((int)(row * dimension), dimension));
            stddev.CopyTo(stddevs.AsSpan((int)(row * dimension), dimension));
            row++;
        }

        if (row != count)
        {
            throw new InvalidOperationException($"collection '{collection}' changed while it was read ({row} of {count} rows)");
        }

        return CollectionEmbeddings.FromArrays(ids, means, stddevs, dimension);
    }
}
