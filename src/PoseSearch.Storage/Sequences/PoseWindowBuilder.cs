using Dapper;
using Npgsql;
using NpgsqlTypes;
using Pgvector;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Normalization;
using PoseSearch.Core.Sequences;
using PoseSearch.Storage.Migrations;

namespace PoseSearch.Storage.Sequences;

/// <summary>
/// (Re)builds a collection's temporal windows (issue 14, item 3): reads every track's (video_id,
/// person) stored keypoints in frame order, builds one window per usable frame with Core's
/// <see cref="CentredWindows"/> (ends padded by repeating the end frame, as /v1/align does), embeds
/// them in batches through the caller's temporal model, and replaces the collection's windows in one
/// transaction (delete, binary COPY, partial HNSW index), so readers see the old set or the new one,
/// never half of either. A frame stored twice counts once (the first stored); a frame without two
/// visible anchor joints is skipped, like an unusable frame of a query clip.
/// Memory: the collection's track keypoints and the new embeddings (about 230 bytes per pose at D 16).
/// The rebuild's DROP/CREATE INDEX lock pose_windows for its transaction: other collections' window
/// searches wait for the COPY and index build (seconds at 100k poses).
/// </summary>
public sealed class PoseWindowBuilder(NpgsqlDataSource dataSource, SchemaParameters? index = null)
{
    /// <summary>Windows embedded per call of the embedder.</summary>
    public const int BatchSize = 1024;

    private sealed record TrackPose(string VideoId, int? Person, int Frame, ModelPose Pose);

    /// <param name="temporalModel">The temporal model's identity; its dimension must be the collection's.</param>
    /// <param name="progress">Windows embedded so far and in all, after each batch.</param>
    /// <exception cref="CollectionNotFoundException"/>
    /// <exception cref="ArgumentException">The temporal model's dimension differs from the collection's.</exception>
    public async Task<PoseWindowSet> BuildAsync(
        string collection, ModelIdentity temporalModel, int windowLength, int stride, EmbedWindows embed,
        IProgress<(long Done, long Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(temporalModel);
        ArgumentNullException.ThrowIfNull(embed);
        var (collectionId, poseCount, posesUpdatedAt, tracks) = await ReadTracksAsync(collection, temporalModel, cancellationToken);

        var total = tracks.Sum(t => (long)t.Count);
        var d = temporalModel.EmbeddingDim;
        var means = new float[total * d];
        var stddevs = new float[total * d];
        var pending = new List<PoseWindow>(BatchSize);
        long done = 0;
        async Task FlushAsync()
        {
            if (pending.Count == 0)
            {
                return;
            }

            var (m, s) = await embed(pending, cancellationToken);
            if (m.Length != pending.Count * d || s.Length != pending.Count * d)
            {
                throw new InvalidOperationException($"the embedder returned {m.Length} means and {s.Length} stddevs for {pending.Count} windows of dimension {d}");
            }

            m.CopyTo(means, done * d);
            s.CopyTo(stddevs, done * d);
            done += pending.Count;
            pending.Clear();
            progress?.Report((done, total));
        }

        foreach (var track in tracks)
        {
            foreach (var window in CentredWindows.Build(track.Select(p => p.Pose).ToList(), windowLength, stride))
            {
                pending.Add(window);
                if (pending.Count == BatchSize)
                {
                    await FlushAsync();
                }
            }
        }

        await FlushAsync();
        progress?.Report((done, total));
        await ReplaceAsync(collection, collectionId, temporalModel, tracks.SelectMany(t => t), means, stddevs, total, poseCount, posesUpdatedAt, cancellationToken);
        return await new PoseWindowSetReader(dataSource).GetAsync(collection, cancellationToken)
            ?? throw new CollectionNotFoundException(collection); // deleted right after the rebuild
    }

    private async Task<(long CollectionId, long PoseCount, DateTime? PosesUpdatedAt, List<List<TrackPose>> Tracks)> ReadTracksAsync(
        string collection, ModelIdentity temporalModel, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot: the count and latest change recorded are those of the poses read.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var collectionId = await CollectionLookup.FindAsync(connection, transaction, collection, null, forShare: false, cancellationToken);
        var dimension = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT embedding_dim FROM collections WHERE id = @collectionId", new { collectionId }, transaction, cancellationToken: cancellationToken));
        if (dimension != temporalModel.EmbeddingDim)
        {
            throw new ArgumentException(
                $"the temporal model '{temporalModel.Name}' embeds in {temporalModel.EmbeddingDim} dimensions, collection '{collection}' in {dimension}",
                nameof(temporalModel));
        }

        var (poseCount, posesUpdatedAt) = await connection.QuerySingleAsync<(long, DateTime?)>(new CommandDefinition(
            "SELECT count(*), max(updated_at) FROM poses WHERE collection_id = @collectionId", new { collectionId }, transaction,
            cancellationToken: cancellationToken));

        var tracks = new List<List<TrackPose>>();
        await using var command = new NpgsqlCommand("""
            SELECT video_id, person, frame, keypoints, visibility
            FROM poses
            WHERE collection_id = $1 AND video_id IS NOT NULL AND frame IS NOT NULL
            ORDER BY video_id, person NULLS FIRST, frame, id
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = collectionId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var scratch = new float[ModelJoints.CoordinateCount];
        List<TrackPose>? current = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var video = reader.GetString(0);
            int? person = reader.IsDBNull(1) ? null : reader.GetInt32(1);
            var frame = reader.GetInt32(2);
            if (current is null || current[^1].VideoId != video || current[^1].Person != person)
            {
                current = [];
                tracks.Add(current);
            }
            else if (current[^1].Frame == frame)
            {
                continue; // the same frame stored twice: one window per frame
            }

            var keypoints = reader.GetFieldValue<float[]>(3);
            var visibility = reader.GetFieldValue<float[]>(4);
            if (!PoseNormalizer2D.TryNormalize(keypoints, visibility, scratch))
            {
                continue; // no two visible anchor joints: not a usable frame, as in a query clip
            }

            current.Add(new TrackPose(video, person, frame, new ModelPose(keypoints, visibility)));
        }

        tracks.RemoveAll(t => t.Count == 0);
        return (collectionId, poseCount, posesUpdatedAt, tracks);
    }

    private async Task ReplaceAsync(
        string collection, long collectionId, ModelIdentity temporalModel, IEnumerable<TrackPose> poses, float[] means, float[] stddevs, long total,
        long poseCount, DateTime? posesUpdatedAt, CancellationToken cancellationToken)
    {
        var d = temporalModel.EmbeddingDim;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Locks the collection against deletion and serializes two rebuilds of it.
        var exists = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM collections WHERE id = @collectionId FOR UPDATE", new { collectionId }, transaction, cancellationToken: cancellationToken));
        if (exists is null)
        {
            throw new CollectionNotFoundException(collection); // deleted while its windows were embedded
        }

        await connection.ExecuteAsync(new CommandDefinition($"""
            DROP INDEX IF EXISTS {PoseWindowIndex.Name(collectionId)};
            DELETE FROM pose_window_sets WHERE collection_id = @collectionId;
            INSERT INTO pose_window_sets (collection_id, model_name, model_sha256, window_count, pose_count, poses_updated_at)
            VALUES (@collectionId, @name, @sha256, @total, @poseCount, @posesUpdatedAt);
            """,
            new { collectionId, name = temporalModel.Name, sha256 = temporalModel.Sha256, total, poseCount, posesUpdatedAt },
            transaction, cancellationToken: cancellationToken));
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY pose_windows (collection_id, video_id, person, frame, mean, stddev) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            long row = 0;
            foreach (var pose in poses)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(collectionId, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(pose.VideoId, NpgsqlDbType.Text, cancellationToken);
                if (pose.Person is { } person)
                {
                    await importer.WriteAsync(person, NpgsqlDbType.Integer, cancellationToken);
                }
                else
                {
                    await importer.WriteNullAsync(cancellationToken);
                }

                await importer.WriteAsync(pose.Frame, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync(new Vector(means.AsMemory((int)(row * d), d)), cancellationToken);
                await importer.WriteAsync(stddevs.AsSpan((int)(row * d), d).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Real, cancellationToken);
                row++;
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            PoseWindowIndex.Definition(collectionId, index ?? new SchemaParameters()), transaction: transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }
}
