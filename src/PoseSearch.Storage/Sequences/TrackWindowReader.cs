using Npgsql;
using Pgvector;

namespace PoseSearch.Storage.Sequences;

/// <summary>
/// Reads the stored poses of several track windows (collection, video id, person, frame range) with
/// their embeddings, ordered by frame, in one query. Poses without a video id or frame are never
/// part of a track. The rows are found through the (collection_id, video_id) index, then filtered
/// by person and frame: a video's rows are read once per window that asks for it.
/// </summary>
public sealed class TrackWindowReader(NpgsqlDataSource dataSource)
{
    /// <returns>One entry per window, in the order given (empty arrays when nothing is stored there).</returns>
    /// <exception cref="CollectionNotFoundException"/>
    /// <exception cref="CollectionModelMismatchException"/>
    public async Task<IReadOnlyList<TrackWindowPoses>> ReadAsync(
        string collection, ModelIdentity model, IReadOnlyList<TrackWindow> windows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var d = model.EmbeddingDim;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var collectionId = await CollectionLookup.FindAsync(connection, null, collection, model, forShare: false, cancellationToken);
        var rows = windows.Select(_ => new List<(int Frame, string Id, float[] Mean, float[] Stddev)>()).ToArray();
        if (windows.Count == 0)
        {
            return [];
        }

        // The windows travel as parallel arrays; WITH ORDINALITY tells the rows of each apart.
        await using var command = new NpgsqlCommand("""
            SELECT w.ord, p.frame, p.external_id, p.mean, p.stddev
            FROM unnest($2::text[], $3::int[], $4::int[], $5::int[]) WITH ORDINALITY AS w(video_id, person, first_frame, last_frame, ord)
            JOIN poses p ON p.collection_id = $1 AND p.video_id = w.video_id AND p.person IS NOT DISTINCT FROM w.person
                        AND p.frame BETWEEN w.first_frame AND w.last_frame
            ORDER BY w.ord, p.frame, p.id
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = collectionId });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = windows.Select(w => w.VideoId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int?[]> { TypedValue = windows.Select(w => w.Person).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = windows.Select(w => w.FirstFrame).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = windows.Select(w => w.LastFrame).ToArray() });
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var window = rows[reader.GetInt64(0) - 1];
                var frame = reader.GetInt32(1);
                if (window.Count > 0 && window[^1].Frame == frame)
                {
                    continue; // the same frame stored twice: one pose per frame
                }

                var mean = reader.GetFieldValue<Vector>(3).ToArray();
                var stddev = reader.GetFieldValue<float[]>(4);
                if (mean.Length != d || stddev.Length != d)
                {
                    throw new InvalidDataException($"pose '{reader.GetString(2)}' has {mean.Length} mean and {stddev.Length} stddev values, the model has {d}");
                }

                window.Add((frame, reader.GetString(2), mean, stddev));
            }
        }

        return windows.Select((w, i) => new TrackWindowPoses(
            w,
            rows[i].Select(r => r.Frame).ToArray(),
            rows[i].Select(r => r.Id).ToArray(),
            rows[i].SelectMany(r => r.Mean).ToArray(),
            rows[i].SelectMany(r => r.Stddev).ToArray(),
            d)).ToList();
    }
}
