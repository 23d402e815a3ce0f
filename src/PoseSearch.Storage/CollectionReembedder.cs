using Dapper;
using Npgsql;
using NpgsqlTypes;
using Pgvector;
using PoseSearch.Core.Keypoints;
using PoseSearch.Storage.Migrations;

namespace PoseSearch.Storage;

/// <summary>
/// Re-embeds every pose of a collection with another model from its stored keypoints, online
/// (issue 13). The new embeddings go, batch by batch, into a hidden shadow collection with its own
/// HNSW graph; each batch commits together with the job's progress marker, so a crash resumes after
/// the last committed batch and never embeds a pose twice (only a pose changed after its copy is
/// embedded again, in its new version). Searches keep answering from the old
/// embeddings. At the end, with the collection row locked against ingests (they take it FOR SHARE),
/// the poses changed or deleted during the run are caught up and the shadow takes over the
/// collection's name in the same transaction; the old rows are then dropped. A run that fails
/// deletes the shadow and leaves the collection exactly as it was. The shadow's HNSW graph is built
/// once after the copy, not row by row during it (the same trade as posesearch synth's AfterLoad).
/// </summary>
/// <param name="index">The HNSW parameters of the shadow's graph, built once after the copy (default: the schema's defaults).</param>
public sealed class CollectionReembedder(NpgsqlDataSource dataSource, SchemaParameters? index = null)
{
    private const string JobColumns = """
        id AS "Id", collection AS "Collection", model_name AS "ModelName", model_sha256 AS "ModelSha256", state AS "State",
        total AS "Total", done AS "Done", error AS "Error", started_at AS "StartedAt", updated_at AS "UpdatedAt",
        finished_at AS "FinishedAt", source_collection_id AS "SourceCollectionId", shadow_collection_id AS "ShadowCollectionId",
        last_pose_id AS "LastPoseId"
        """;

    /// <summary>Starts a run, or returns the running one for this collection and model (to resume it).</summary>
    /// <exception cref="CollectionNotFoundException"/>
    /// <exception cref="ReembedConflictException">A run with another model is going on, or the collection already uses this model.</exception>
    public async Task<ReembedJob> StartAsync(string collection, ModelIdentity model, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var source = await connection.QuerySingleOrDefaultAsync<SourceCollection>(new CommandDefinition(
            "SELECT id AS \"Id\", model_sha256 AS \"ModelSha256\", embedding_dim AS \"EmbeddingDim\" FROM collections WHERE name = @collection AND NOT hidden FOR UPDATE",
            new { collection }, transaction, cancellationToken: cancellationToken)) ?? throw new CollectionNotFoundException(collection);

        var running = await connection.QuerySingleOrDefaultAsync<ReembedJob>(new CommandDefinition(
            $"SELECT {JobColumns} FROM reembed_jobs WHERE collection = @collection AND state = 'running'",
            new { collection }, transaction, cancellationToken: cancellationToken));
        if (running is not null)
        {
            if (running.ModelSha256 != model.Sha256)
            {
                throw new ReembedConflictException($"collection '{collection}' is being re-embedded with model '{running.ModelName}' ({running.ModelSha256[..12]}); wait for job {running.Id} to end");
            }

            await transaction.CommitAsync(cancellationToken);
            return running;
        }
        if (source.ModelSha256 == model.Sha256)
        {
            throw new ReembedConflictException($"collection '{collection}' is already embedded with model '{model.Name}' ({model.Sha256[..12]})");
        }

        if (source.EmbeddingDim != model.EmbeddingDim)
        {
            throw new ReembedConflictException($"model '{model.Name}' has D = {model.EmbeddingDim}, the database stores D = {source.EmbeddingDim}");
        }

        // The shadow's name starts with '~', which no collection name may (they start with a letter or digit).
        var shadowId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO collections (name, description, model_name, model_sha256, embedding_dim, hidden)
            VALUES ('~reembed-' || @collection || '-' || gen_random_uuid(), 'shadow of a re-embedding run', @modelName, @sha, @dim, true)
            RETURNING id
            """,
            new { collection, modelName = model.Name, sha = model.Sha256, dim = model.EmbeddingDim }, transaction, cancellationToken: cancellationToken));
        // The trigger gave the shadow its graph; inserting a million rows into it one by one costs far more than one build at the end.
        await connection.ExecuteAsync(new CommandDefinition(
            $"DROP INDEX IF EXISTS {CollectionIndex.Name(shadowId)}", transaction: transaction, cancellationToken: cancellationToken));
        var job = await connection.QuerySingleAsync<ReembedJob>(new CommandDefinition(
            $"""
            INSERT INTO reembed_jobs (collection, source_collection_id, shadow_collection_id, model_name, model_sha256, state, total)
            VALUES (@collection, @sourceId, @shadowId, @modelName, @sha, 'running', (SELECT count(*) FROM poses WHERE collection_id = @sourceId))
            RETURNING {JobColumns}
            """,
            new { collection, sourceId = source.Id, shadowId, modelName = model.Name, sha = model.Sha256 }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return job;
    }

    /// <summary>Every run left "running" (by a crash or a shutdown), oldest first: what a restarted service resumes.</summary>
    public async Task<IReadOnlyList<ReembedJob>> ListRunningAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<ReembedJob>(new CommandDefinition(
            $"SELECT {JobColumns} FROM reembed_jobs WHERE state = 'running' ORDER BY id", cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>The latest run of a collection, or a run by id; null when there is none.</summary>
    public async Task<ReembedJob?> GetAsync(string collection, long? jobId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ReembedJob>(new CommandDefinition(
            $"SELECT {JobColumns} FROM reembed_jobs WHERE collection = @collection AND (@jobId::bigint IS NULL OR id = @jobId) ORDER BY id DESC LIMIT 1",
            new { collection, jobId }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Runs (or resumes) a started job to its end: batches, catch-up, switch. Progress is reported
    /// after every committed batch. On a failure the job is marked failed and its shadow deleted,
    /// except on cancellation and transient database errors (<see cref="IsTransient"/>): then the run
    /// stays "running" and resumes with the next call.
    /// </summary>
    public async Task<ReembedJob> RunAsync(ReembedJob job, BatchEmbedder embed, int batchSize, Action<ReembedJob>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        // The caller's copy may be stale (a retry after a transient error): the marker in the database is the truth.
        job = await ReloadAsync(job.Id, cancellationToken);
        if (job.State != "running")
        {
            return job;
        }

        try
        {
            var lastPoseId = job.LastPoseId;
            while (true)
            {
                var (copied, last) = await CopyBatchAsync(job, lastPoseId, embed, batchSize, cancellationToken);
                if (copied == 0)
                {
                    break;
                }

                lastPoseId = last;
                progress?.Invoke(await ReloadAsync(job.Id, cancellationToken));
            }
            await BuildShadowIndexAsync(job, cancellationToken);
            await SwitchAsync(job, embed, batchSize, cancellationToken);
            var finished = await ReloadAsync(job.Id, cancellationToken);
            progress?.Invoke(finished);
            return finished;
        }
        catch (Exception e) when (e is not OperationCanceledException && !IsTransient(e))
        {
            await FailAsync(job, e.Message);
            throw;
        }
    }

    /// <summary>Embeds the next batch of the source (pose id order) into the shadow and moves the marker, in one transaction.</summary>
    private async Task<(int Copied, long LastPoseId)> CopyBatchAsync(ReembedJob job, long afterPoseId, BatchEmbedder embed, int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The marker is read under a row lock: two processes running the same job (two service instances,
        // or the CLI beside the service) take turns batch by batch instead of copying the same rows twice.
        var marker = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT last_pose_id FROM reembed_jobs WHERE id = @id AND state = 'running' FOR UPDATE",
            new { id = job.Id }, transaction, cancellationToken: cancellationToken));
        if (marker is not { } after)
        {
            return (0, afterPoseId); // finished or failed meanwhile by another process
        }

        var rows = await ReadSourceAsync(connection, transaction, "collection_id = @source AND id > @after ORDER BY id LIMIT @limit",
            new { source = job.SourceCollectionId, after, limit = batchSize }, cancellationToken);
        if (rows.Count == 0)
        {
            return (0, after);
        }

        await UpsertIntoShadowAsync(connection, transaction, job.ShadowCollectionId, rows, embed, cancellationToken);
        var last = rows[^1].Id;
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE reembed_jobs SET done = done + @count, last_pose_id = @last, updated_at = now() WHERE id = @id AND state = 'running'",
            new { count = rows.Count, last, id = job.Id }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return (rows.Count, last);
    }

    /// <summary>The shadow's graph, built once over the copied rows (again after a crash that came before it was done).</summary>
    private async Task BuildShadowIndexAsync(ReembedJob job, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One builder per job: a second process running the same job waits here, then finds the graph built.
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(@key)", new { key = ReembedLockBase + job.Id }, transaction, cancellationToken: cancellationToken));
        var name = CollectionIndex.Name(job.ShadowCollectionId);
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            $"SELECT to_regclass('{name}') IS NOT NULL", transaction: transaction, cancellationToken: cancellationToken));
        if (!exists)
        {
            var parameters = index ?? new SchemaParameters();
            await using var command = new NpgsqlCommand(CollectionIndex.Definition(job.ShadowCollectionId, parameters), connection, transaction) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    // Advisory lock keys of re-embedding jobs: this base plus the job id (apart from the migrations' key).
    private const long ReembedLockBase = 0x5EE_0000_0000;

    /// <summary>Catch-up of what changed during the run, and the switch, with ingests held off by the row lock.</summary>
    private async Task SwitchAsync(ReembedJob job, BatchEmbedder embed, int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Another process running the same job may have switched already (the job row lock orders them).
        var state = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT state FROM reembed_jobs WHERE id = @id FOR UPDATE", new { id = job.Id }, transaction, cancellationToken: cancellationToken));
        if (state != "running")
        {
            return;
        }

        var name = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT name FROM collections WHERE id = @id FOR UPDATE", new { id = job.SourceCollectionId }, transaction, cancellationToken: cancellationToken))
            ?? throw new CollectionNotFoundException(job.Collection);

        // Every pose whose current version is not in the shadow: ingested after its id range was copied, or
        // replaced after its copy (the shadow keeps the updated_at of the version it embedded). An exact
        // anti-join rather than "updated since the start": an ingest that began before the run and committed
        // late has an old timestamp and an id the copy may already have passed.
        var changed = await ReadSourceAsync(connection, transaction,
            """
            collection_id = @source AND NOT EXISTS (
                SELECT 1 FROM poses s WHERE s.collection_id = @shadow AND s.external_id = poses.external_id AND s.updated_at = poses.updated_at)
            ORDER BY id
            """,
            new { source = job.SourceCollectionId, shadow = job.ShadowCollectionId }, cancellationToken, NoCommandTimeout);
        for (var start = 0; start < changed.Count; start += batchSize)
        {
            await UpsertIntoShadowAsync(connection, transaction, job.ShadowCollectionId, changed.GetRange(start, Math.Min(batchSize, changed.Count - start)), embed, cancellationToken);
        }
        // Poses deleted since they were copied.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM poses s WHERE s.collection_id = @shadow
              AND NOT EXISTS (SELECT 1 FROM poses p WHERE p.collection_id = @source AND p.external_id = s.external_id)
            """,
            new { shadow = job.ShadowCollectionId, source = job.SourceCollectionId }, transaction, NoCommandTimeout, cancellationToken: cancellationToken));

        // The shadow takes over the name (and description, creation time); the old row is hidden, then dropped below.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE collections SET name = '~retired-' || id, hidden = true WHERE id = @source;
            UPDATE collections s SET name = @name, hidden = false, description = o.description, created_at = o.created_at
            FROM collections o WHERE s.id = @shadow AND o.id = @source;
            UPDATE reembed_jobs SET state = 'done', done = n.count, total = n.count, updated_at = now(), finished_at = now()
            FROM (SELECT count(*) AS count FROM poses WHERE collection_id = @shadow) n
            WHERE id = @job;
            """,
            new { source = job.SourceCollectionId, shadow = job.ShadowCollectionId, name, job = job.Id }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);

        // Outside the switch: deleting the old rows (and, by trigger, their graph) takes a while at a million.
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM collections WHERE id = @source", new { source = job.SourceCollectionId }, commandTimeout: NoCommandTimeout,
            cancellationToken: CancellationToken.None));
    }

    /// <summary>A database error worth retrying (connection lost, timeout, deadlock): the run stays "running" and resumes.</summary>
    public static bool IsTransient(Exception e) => e is NpgsqlException { IsTransient: true } or TimeoutException
        || e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.QueryCanceled };

    private async Task FailAsync(ReembedJob job, string error)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE reembed_jobs SET state = 'failed', error = left(@error, 1000), updated_at = now(), finished_at = now() WHERE id = @id AND state = 'running';
                DELETE FROM collections WHERE id = @shadow AND hidden;
                """,
                new { error, id = job.Id, shadow = job.ShadowCollectionId }));
        }
        catch (NpgsqlException)
        {
            // The database is gone too: the job stays "running" and the next call resumes it.
        }
    }

    private async Task<ReembedJob> ReloadAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<ReembedJob>(new CommandDefinition(
            $"SELECT {JobColumns} FROM reembed_jobs WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    private sealed record SourceCollection(long Id, string ModelSha256, int EmbeddingDim);

    private sealed class SourceRow
    {
        public long Id { get; init; }
        public string ExternalId { get; init; } = "";
        public float[] Keypoints { get; init; } = [];
        public float[] Visibility { get; init; } = [];
    }

    // The catch-up and the delete of the switch probe one index entry per pose of the collection: seconds
    // when the pages are cached, but a cold cache (a database idle for hours) made one run take over
    // Npgsql's 30 s default here. They are a background job's statements, not a request's: no time limit,
    // the cancellation token still stops them.
    private const int NoCommandTimeout = 0;

    private static async Task<List<SourceRow>> ReadSourceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string where, object parameters,
        CancellationToken cancellationToken, int? commandTimeout = null) =>
        (await connection.QueryAsync<SourceRow>(new CommandDefinition(
            $"SELECT id AS \"Id\", external_id AS \"ExternalId\", keypoints AS \"Keypoints\", visibility AS \"Visibility\" FROM poses WHERE {where}",
            parameters, transaction, commandTimeout, cancellationToken: cancellationToken))).AsList();

    /// <summary>Embeds the rows with the new model and writes them into the shadow, metadata copied from the source row.</summary>
    private static async Task UpsertIntoShadowAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long shadowId, List<SourceRow> rows,
        BatchEmbedder embed, CancellationToken cancellationToken)
    {
        var keypoints = new float[rows.Count * ModelJoints.CoordinateCount];
        var visibility = new float[rows.Count * ModelJoints.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].Keypoints.CopyTo(keypoints, i * ModelJoints.CoordinateCount);
            rows[i].Visibility.CopyTo(visibility, i * ModelJoints.Count);
        }
        var (means, stddevs) = await embed(keypoints, visibility, rows.Count, cancellationToken);
        var d = means.Length / rows.Count;
        if (d * rows.Count != means.Length || stddevs.Length != means.Length)
        {
            throw new InvalidOperationException($"the embedder returned {means.Length} means and {stddevs.Length} stddevs for {rows.Count} poses");
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TEMP TABLE IF NOT EXISTS reembed_batch (pose_id bigint, mean vector, stddev real[]) ON COMMIT DROP",
            transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("TRUNCATE reembed_batch", transaction: transaction, cancellationToken: cancellationToken));
        await using (var importer = await connection.BeginBinaryImportAsync("COPY reembed_batch (pose_id, mean, stddev) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(rows[i].Id, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(new Vector(means.AsMemory(i * d, d)), cancellationToken);
                await importer.WriteAsync(stddevs.AsSpan(i * d, d).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Real, cancellationToken);
            }
            await importer.CompleteAsync(cancellationToken);
        }
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO poses AS s (collection_id, external_id, mean, stddev, keypoints, visibility, video_id, frame, timestamp_seconds, person, extra, updated_at)
            SELECT @shadowId, p.external_id, b.mean, b.stddev, p.keypoints, p.visibility, p.video_id, p.frame, p.timestamp_seconds, p.person, p.extra, p.updated_at
            FROM reembed_batch b JOIN poses p ON p.id = b.pose_id
            ON CONFLICT ON CONSTRAINT poses_collection_external_id DO UPDATE SET
                mean = EXCLUDED.mean, stddev = EXCLUDED.stddev, keypoints = EXCLUDED.keypoints, visibility = EXCLUDED.visibility,
                video_id = EXCLUDED.video_id, frame = EXCLUDED.frame, timestamp_seconds = EXCLUDED.timestamp_seconds,
                person = EXCLUDED.person, extra = EXCLUDED.extra, updated_at = EXCLUDED.updated_at
            """,
            new { shadowId }, transaction, cancellationToken: cancellationToken));
    }
}
