using System.Globalization;
using Dapper;
using Npgsql;
using Pgvector;
using PoseSearch.Core.Scoring;

namespace PoseSearch.Storage.Sequences;

/// <summary>
/// Nearest stored temporal windows of a collection to query windows (issue 14, item 3): per query
/// window, the HNSW graph of the collection's windows (partial index, migration 9) gives candidates by
/// L2 on the mean, which the temporal model's match probability re-ranks, as the pose search does.
/// All query windows go in one batch on one connection.
/// </summary>
public sealed class PoseWindowSearch(NpgsqlDataSource dataSource)
{
    /// <summary>The collection's window set, when one built by <paramref name="temporalModel"/> exists.</summary>
    public async Task<long?> FindSetAsync(string collection, ModelIdentity temporalModel, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
            SELECT c.id FROM collections c JOIN pose_window_sets s ON s.collection_id = c.id
            WHERE c.name = @collection AND s.model_sha256 = @sha256
            """, new { collection, sha256 = temporalModel.Sha256 }, cancellationToken: cancellationToken));
    }

    /// <param name="collectionId">From <see cref="FindSetAsync"/>.</param>
    /// <param name="means">The query windows' means, N x D; <paramref name="stddevs"/> likewise.</param>
    /// <returns>Per query window, up to <paramref name="k"/> hits, most probable first.</returns>
    public async Task<IReadOnlyList<IReadOnlyList<ShortlistHit>>> SearchAsync(
        long collectionId, MatchProbabilityModel scorer, float[] means, float[] stddevs, int k, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        var d = scorer.Dimension;
        var count = means.Length / d;
        var efSearch = Math.Min(1000, Math.Max(100, k));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(string.Create(CultureInfo.InvariantCulture, $"SET LOCAL hnsw.ef_search = {efSearch}")));
        for (var q = 0; q < count; q++)
        {
            // The id is written in, not bound: the planner matches the partial index only against a constant.
            var command = new NpgsqlBatchCommand(string.Create(CultureInfo.InvariantCulture, $"""
                SELECT video_id, person, frame, mean, stddev FROM pose_windows
                WHERE collection_id = {collectionId}
                ORDER BY mean <-> $1 LIMIT $2
                """));
            command.Parameters.Add(new NpgsqlParameter { Value = new Vector(means.AsMemory(q * d, d)) });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = k });
            batch.BatchCommands.Add(command);
        }

        var results = new List<IReadOnlyList<ShortlistHit>>(count);
        // The reader skips the SET (no rows description): its first result is the first query window's.
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            for (var q = 0; q < count; q++)
            {
                var hits = new List<ShortlistHit>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    var mean = reader.GetFieldValue<Vector>(3).Memory.Span;
                    var stddev = reader.GetFieldValue<float[]>(4);
                    var probability = scorer.Probability(means.AsSpan(q * d, d), stddevs.AsSpan(q * d, d), mean, stddev);
                    hits.Add(new ShortlistHit(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt32(1), reader.GetInt32(2), probability));
                }

                results.Add(hits.OrderByDescending(h => h.Probability).ThenBy(h => h.VideoId, StringComparer.Ordinal).ThenBy(h => h.Frame).ToList());
                await reader.NextResultAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return results;
    }
}
