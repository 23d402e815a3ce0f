using Npgsql;
using Pgvector;
using PoseSearch.Cli.CommandLine;

namespace PoseSearch.Cli.Recall;

/// <summary>
/// Every stored embedding of one collection, in memory (a million poses of D = 16: about
/// 130 MB), read with one binary COPY: the ground truth the two-stage search is held to.
/// </summary>
internal sealed class CollectionSnapshot
{
    private CollectionSnapshot(string[] ids, float[] means, float[] stddevs, int dimension)
    {
        Ids = ids;
        Means = means;
        Stddevs = stddevs;
        Dimension = dimension;
    }

    public string[] Ids { get; }

    /// <summary>N x D, row-major.</summary>
    public float[] Means { get; }

    /// <summary>N x D, row-major.</summary>
    public float[] Stddevs { get; }

    public int Dimension { get; }

    public int Count => Ids.Length;

    public static CollectionSnapshot FromArrays(string[] ids, float[] means, float[] stddevs, int dimension)
    {
        if (dimension < 1 || means.Length != ids.Length * dimension || stddevs.Length != ids.Length * dimension)
            throw new ArgumentException($"{ids.Length} poses of dimension {dimension} need {ids.Length * dimension} means and stddevs, got {means.Length} and {stddevs.Length}");
        return new CollectionSnapshot(ids, means, stddevs, dimension);
    }

    public static async Task<CollectionSnapshot> LoadAsync(NpgsqlDataSource dataSource, string collection, int dimension, CancellationToken cancellationToken)
    {
        long collectionId;
        long count;
        await using (var lookup = dataSource.CreateCommand(
            "SELECT c.id, (SELECT count(*) FROM poses p WHERE p.collection_id = c.id) FROM collections c WHERE c.name = $1"))
        {
            lookup.Parameters.Add(new NpgsqlParameter<string> { TypedValue = collection });
            await using var reader = await lookup.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                throw new CliInputException($"collection '{collection}' does not exist");
            collectionId = reader.GetInt64(0);
            count = reader.GetInt64(1);
        }
        if (count == 0) throw new CliInputException($"collection '{collection}' holds no poses");

        var ids = new string[count];
        var means = new float[count * dimension];
        var stddevs = new float[count * dimension];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // The id is a number read from the database, so formatting it into the statement is safe.
        await using var export = await connection.BeginBinaryExportAsync(
            $"COPY (SELECT external_id, mean, stddev FROM poses WHERE collection_id = {collectionId}) TO STDOUT (FORMAT BINARY)",
            cancellationToken).ConfigureAwait(false);
        var row = 0L;
        while (await export.StartRowAsync(cancellationToken).ConfigureAwait(false) != -1)
        {
            if (row == count) throw new InvalidOperationException($"collection '{collection}' grew while it was read");
            ids[row] = await export.ReadAsync<string>(cancellationToken).ConfigureAwait(false);
            var mean = await export.ReadAsync<Vector>(cancellationToken).ConfigureAwait(false);
            var stddev = await export.ReadAsync<float[]>(cancellationToken).ConfigureAwait(false);
            if (mean.Memory.Length != dimension || stddev.Length != dimension)
                throw new InvalidDataException($"pose '{ids[row]}' has {mean.Memory.Length} mean and {stddev.Length} stddev values, the model has {dimension}");
            mean.Memory.Span.CopyTo(means.AsSpan((int)(row * dimension), dimension));
            stddev.CopyTo(stddevs.AsSpan((int)(row * dimension), dimension));
            row++;
        }
        if (row != count) throw new InvalidOperationException($"collection '{collection}' changed while it was read ({row} of {count} rows)");
        return new CollectionSnapshot(ids, means, stddevs, dimension);
    }
}
