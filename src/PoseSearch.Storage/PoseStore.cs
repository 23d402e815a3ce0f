using Dapper;
using Npgsql;
using NpgsqlTypes;
using Pgvector;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Storage;

/// <summary>
/// Ingests, reads and deletes embedded poses. An ingest batch is one transaction: binary COPY
/// into a temporary table, then one INSERT ... ON CONFLICT into poses, so the batch lands whole
/// or not at all, and re-sending it does not duplicate (same external id = same row, replaced).
/// Ingest and delete go to the primary, reading a pose to the read data source (PoseSearchDataSources).
/// </summary>
public sealed class PoseStore(PoseSearchDataSources dataSources)
{
    /// <summary>Everything on one data source (no replicas).</summary>
    public PoseStore(NpgsqlDataSource dataSource)
        : this(PoseSearchDataSources.Single(dataSource))
    {
    }

    /// <summary>Stores a batch of embedded poses in a collection made with <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentException">Empty batch, duplicate external ids, or wrong array lengths.</exception>
    /// <exception cref="CollectionNotFoundException"/>
    /// <exception cref="CollectionModelMismatchException"/>
    public async Task<IngestResult> IngestAsync(
        string collection, IReadOnlyList<PoseRecord> poses, ModelIdentity model, CancellationToken cancellationToken = default)
    {
        CheckBatch(poses, model.EmbeddingDim);

        await using var connection = await dataSources.Write.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var collectionId = await CollectionLookup.FindAsync(connection, transaction, collection, model, forShare: true, cancellationToken);

        await connection.ExecuteAsync(new CommandDefinition(
            """
            CREATE TEMP TABLE pose_ingest (
                external_id text, mean vector, stddev real[], keypoints real[], visibility real[],
                video_id text, frame integer, timestamp_seconds double precision, person integer, extra jsonb
            ) ON COMMIT DROP
            """,
            transaction: transaction,
            cancellationToken: cancellationToken));

        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY pose_ingest (external_id, mean, stddev, keypoints, visibility, video_id, frame, timestamp_seconds, person, extra) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            foreach (var pose in poses)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(pose.ExternalId, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(new Vector(pose.Mean), cancellationToken);
                await importer.WriteAsync(pose.Stddev, NpgsqlDbType.Array | NpgsqlDbType.Real, cancellationToken);
                await importer.WriteAsync(pose.Keypoints, NpgsqlDbType.Array | NpgsqlDbType.Real, cancellationToken);
                await importer.WriteAsync(pose.Visibility, NpgsqlDbType.Array | NpgsqlDbType.Real, cancellationToken);
                await WriteNullableAsync(importer, pose.Metadata.VideoId, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(importer, pose.Metadata.Frame, NpgsqlDbType.Integer, cancellationToken);
                await WriteNullableAsync(importer, pose.Metadata.TimestampSeconds, NpgsqlDbType.Double, cancellationToken);
                await WriteNullableAsync(importer, pose.Metadata.Person, NpgsqlDbType.Integer, cancellationToken);
                await WriteNullableAsync(importer, pose.Metadata.ExtraJson, NpgsqlDbType.Jsonb, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        // xmax = 0 tells a freshly inserted row from an updated one; identical rows are left alone.
        var outcomes = (await connection.QueryAsync<bool>(new CommandDefinition(
            """
            INSERT INTO poses AS p (collection_id, external_id, mean, stddev, keypoints, visibility,
                                    video_id, frame, timestamp_seconds, person, extra)
            SELECT @collectionId, external_id, mean, stddev, keypoints, visibility,
                   video_id, frame, timestamp_seconds, person, extra
            FROM pose_ingest
            ON CONFLICT ON CONSTRAINT poses_collection_external_id DO UPDATE SET
                mean = EXCLUDED.mean, stddev = EXCLUDED.stddev, keypoints = EXCLUDED.keypoints,
                visibility = EXCLUDED.visibility, video_id = EXCLUDED.video_id, frame = EXCLUDED.frame,
                timestamp_seconds = EXCLUDED.timestamp_seconds, person = EXCLUDED.person, extra = EXCLUDED.extra,
                updated_at = now()
            WHERE (p.mean, p.stddev, p.keypoints, p.visibility, p.video_id, p.frame, p.timestamp_seconds, p.person, p.extra)
                  IS DISTINCT FROM
                  (EXCLUDED.mean, EXCLUDED.stddev, EXCLUDED.keypoints, EXCLUDED.visibility, EXCLUDED.video_id,
                   EXCLUDED.frame, EXCLUDED.timestamp_seconds, EXCLUDED.person, EXCLUDED.extra)
            RETURNING (p.xmax = 0)
            """,
            new { collectionId },
            transaction,
            cancellationToken: cancellationToken))).AsList();

        await transaction.CommitAsync(cancellationToken);
        var inserted = outcomes.Count(x => x);
        var updated = outcomes.Count - inserted;
        return new IngestResult(inserted, updated, poses.Count - outcomes.Count);
    }

    /// <exception cref="CollectionNotFoundException"/>
    public Task<PoseRecord?> GetAsync(string collection, string externalId, CancellationToken cancellationToken = default) =>
        dataSources.ReadAsync(source => GetOnAsync(source, collection, externalId, cancellationToken), cancellationToken);

    private static async Task<PoseRecord?> GetOnAsync(NpgsqlDataSource dataSource, string collection, string externalId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var collectionId = await CollectionLookup.FindAsync(connection, null, collection, model: null, forShare: false, cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT external_id, mean, stddev, keypoints, visibility, video_id, frame, timestamp_seconds, person, extra::text, updated_at
            FROM poses WHERE collection_id = $1 AND external_id = $2
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = collectionId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = externalId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new PoseRecord(
            reader.GetString(0),
            reader.GetFieldValue<Vector>(1).ToArray(),
            reader.GetFieldValue<float[]>(2),
            reader.GetFieldValue<float[]>(3),
            reader.GetFieldValue<float[]>(4),
            PoseRows.ReadMetadata(reader, 5))
        {
            UpdatedAt = reader.GetDateTime(10),
        };
    }

    /// <returns>False when the collection has no pose with that id.</returns>
    /// <exception cref="CollectionNotFoundException"/>
    public async Task<bool> DeleteAsync(string collection, string externalId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSources.Write.OpenConnectionAsync(cancellationToken);
        var collectionId = await CollectionLookup.FindAsync(connection, null, collection, model: null, forShare: false, cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM poses WHERE collection_id = @collectionId AND external_id = @externalId",
            new { collectionId, externalId },
            cancellationToken: cancellationToken));
        return deleted > 0;
    }

    /// <summary>Shared with <see cref="PoseBulkLoader"/>: the checks every stored batch passes.</summary>
    internal static void CheckBatch(IReadOnlyList<PoseRecord> poses, int dimension)
    {
        if (poses.Count == 0)
        {
            throw new ArgumentException("an ingest batch needs at least one pose", nameof(poses));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < poses.Count; i++)
        {
            var pose = poses[i];
            if (string.IsNullOrEmpty(pose.ExternalId))
            {
                throw new ArgumentException($"pose {i} has an empty external id", nameof(poses));
            }

            if (!seen.Add(pose.ExternalId))
            {
                throw new ArgumentException($"external id '{pose.ExternalId}' appears twice in the batch", nameof(poses));
            }

            if (pose.Mean.Length != dimension || pose.Stddev.Length != dimension)
            {
                throw new ArgumentException($"pose '{pose.ExternalId}': mean and stddev need {dimension} values", nameof(poses));
            }

            if (pose.Keypoints.Length != ModelJoints.CoordinateCount || pose.Visibility.Length != ModelJoints.Count)
            {
                throw new ArgumentException(
                    $"pose '{pose.ExternalId}': keypoints need {ModelJoints.CoordinateCount} values and visibility {ModelJoints.Count}",
                    nameof(poses));
            }
        }
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct =>
        value is { } v ? importer.WriteAsync(v, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is not null ? importer.WriteAsync(value, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);
}
