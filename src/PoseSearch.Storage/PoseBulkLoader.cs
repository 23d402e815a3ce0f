using Npgsql;
using NpgsqlTypes;
using Pgvector;

namespace PoseSearch.Storage;

/// <summary>
/// Append-only bulk load for new collections (synthetic benchmarks, initial imports): one
/// binary COPY straight into poses per batch, without the staging table and upsert of
/// <see cref="PoseStore.IngestAsync"/>, so each row is written once instead of three times
/// (staging table, ON CONFLICT probe, heap). Ids must be new: a duplicate fails the batch on
/// the (collection, external id) unique constraint and nothing of it is stored.
/// </summary>
public sealed class PoseBulkLoader(NpgsqlDataSource dataSource)
{
    /// <returns>The number of rows written.</returns>
    /// <exception cref="ArgumentException">Empty batch, duplicate external ids, or wrong array lengths.</exception>
    /// <exception cref="CollectionNotFoundException"/>
    /// <exception cref="CollectionModelMismatchException"/>
    /// <exception cref="PostgresException">An id already stored in the collection (unique violation).</exception>
    public async Task<ulong> AppendAsync(
        string collection, IReadOnlyList<PoseRecord> poses, ModelIdentity model, CancellationToken cancellationToken = default)
    {
        PoseStore.CheckBatch(poses, model.EmbeddingDim);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var collectionId = await CollectionLookup.FindAsync(connection, transaction, collection, model, forShare: true, cancellationToken);

        ulong written;
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY poses (collection_id, external_id, mean, stddev, keypoints, visibility, video_id, frame, timestamp_seconds, person, extra) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            // Synchronous writes: the importer buffers, and an await per column costs more than the row itself.
            foreach (var pose in poses)
            {
                cancellationToken.ThrowIfCancellationRequested();
                importer.StartRow();
                importer.Write(collectionId, NpgsqlDbType.Bigint);
                importer.Write(pose.ExternalId, NpgsqlDbType.Text);
                importer.Write(new Vector(pose.Mean));
                importer.Write(pose.Stddev, NpgsqlDbType.Array | NpgsqlDbType.Real);
                importer.Write(pose.Keypoints, NpgsqlDbType.Array | NpgsqlDbType.Real);
                importer.Write(pose.Visibility, NpgsqlDbType.Array | NpgsqlDbType.Real);
                WriteNullable(importer, pose.Metadata.VideoId, NpgsqlDbType.Text);
                WriteNullable(importer, pose.Metadata.Frame, NpgsqlDbType.Integer);
                WriteNullable(importer, pose.Metadata.TimestampSeconds, NpgsqlDbType.Double);
                WriteNullable(importer, pose.Metadata.Person, NpgsqlDbType.Integer);
                WriteNullable(importer, pose.Metadata.ExtraJson, NpgsqlDbType.Jsonb);
            }

            written = await importer.CompleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    private static void WriteNullable<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type)
        where T : struct
    {
        if (value is { } v)
        {
            importer.Write(v, type);
        }
        else
        {
            importer.WriteNull();
        }
    }

    private static void WriteNullable(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type)
    {
        if (value is not null)
        {
            importer.Write(value, type);
        }
        else
        {
            importer.WriteNull();
        }
    }
}
