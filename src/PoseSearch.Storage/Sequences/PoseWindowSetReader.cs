using Dapper;
using Npgsql;

namespace PoseSearch.Storage.Sequences;

/// <summary>What a collection's temporal windows are and whether its poses changed since they were built.</summary>
public sealed class PoseWindowSetReader(NpgsqlDataSource dataSource)
{
    private sealed record Row(
        string ModelName, string ModelSha256, long WindowCount, long PoseCount, DateTime? PosesUpdatedAt, DateTime BuiltAt,
        long PoseCountNow, DateTime? PosesUpdatedAtNow);

    /// <returns>Null when the collection has no windows (or does not exist).</returns>
    public async Task<PoseWindowSet?> GetAsync(string collection, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            SELECT s.model_name AS "ModelName", s.model_sha256 AS "ModelSha256", s.window_count AS "WindowCount",
                   s.pose_count AS "PoseCount", s.poses_updated_at AS "PosesUpdatedAt", s.built_at AS "BuiltAt",
                   now_.pose_count AS "PoseCountNow", now_.updated_at AS "PosesUpdatedAtNow"
            FROM collections c
            JOIN pose_window_sets s ON s.collection_id = c.id
            CROSS JOIN LATERAL (SELECT count(*) AS pose_count, max(updated_at) AS updated_at FROM poses p WHERE p.collection_id = c.id) now_
            WHERE c.name = @collection
            """, new { collection }, cancellationToken: cancellationToken));
        return row is null
            ? null
            : new PoseWindowSet(row.ModelName, row.ModelSha256, row.WindowCount, row.PoseCount, row.PosesUpdatedAt, row.BuiltAt,
                Stale: row.PoseCountNow != row.PoseCount || row.PosesUpdatedAtNow != row.PosesUpdatedAt);
    }
}
