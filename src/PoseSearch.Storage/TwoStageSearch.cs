using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using Pgvector;
using PoseSearch.Core.Scoring;
using PoseSearch.Storage.Migrations;

namespace PoseSearch.Storage;

/// <summary>
/// The search of docs/method.md section 5 over a pgvector index. Stage 1: the HNSW index on the
/// embedding means returns the C nearest means (L2) that pass the filter; with pgvector 0.8's
/// iterative scans a selective filter keeps the scan going instead of coming back short.
/// Stage 2: the exact match probability (Core's scorer, with the model's eps) re-ranks those
/// candidates in C#, and the best k at or above the minimum probability are returned.
/// Searches are reads: they run on the read data source (replicas) unless the request asked to read
/// its own writes, and run again elsewhere when their server goes away (PoseSearchDataSources).
/// </summary>
public sealed class TwoStageSearch(PoseSearchDataSources dataSources, SearchOptions options)
{
    /// <summary>Searches through one data source (no replicas).</summary>
    public TwoStageSearch(NpgsqlDataSource dataSource, SearchOptions options)
        : this(PoseSearchDataSources.Single(dataSource), options)
    {
    }

    // Collection name -> row id and the size of its graph (PostgreSQL's estimate), both read again on
    // every search (see SearchAsync); the size picks hnsw.ef_search (SearchOptions.EfSearchFor).
    private readonly ConcurrentDictionary<string, (long Id, long Poses)> _collections = new(StringComparer.Ordinal);

    /// <remarks>k and the minimum probability are taken as given: the service checks them where it reads the request.</remarks>
    /// <exception cref="ArgumentException">The embedding or the scorer does not fit the model.</exception>
    /// <exception cref="CollectionNotFoundException"/>
    /// <exception cref="CollectionModelMismatchException"/>
    public async Task<SearchResult> SearchAsync(
        string collection, ModelIdentity model, MatchProbabilityModel scorer, SearchQuery query, CancellationToken cancellationToken = default)
    {
        Check(query, model.EmbeddingDim, scorer);
        return await dataSources.ReadAsync(
            dataSource => SearchOnAsync(dataSource, collection, model, scorer, query, cancellationToken), cancellationToken);
    }

    private async Task<SearchResult> SearchOnAsync(
        NpgsqlDataSource dataSource, string collection, ModelIdentity model, MatchProbabilityModel scorer, SearchQuery query,
        CancellationToken cancellationToken)
    {
        var d = model.EmbeddingDim;
        var filter = query.Filter ?? SearchFilter.None;
        var candidateCount = Math.Max(options.Candidates, query.K);

        // The token cancels the wait for a pooled connection, not the query itself: a search's round trip
        // takes about a millisecond, while cancelling a running query makes Npgsql send a cancel request
        // and wait (up to 2 s) for the backend, holding one of the few connections meanwhile.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var uncancelled = CancellationToken.None;
        long? knownPoses = _collections.TryGetValue(collection, out var known) ? known.Poses : null;
        var collectionId = knownPoses is not null
            ? known.Id
            : await CollectionLookup.FindAsync(connection, null, collection, model, forShare: false, uncancelled);

        var efSearch = 0;
        var ids = new List<string>(candidateCount);
        var metadata = new List<PoseMetadata>(candidateCount);
        var means = new float[candidateCount * d];
        var stddevs = new float[candidateCount * d];
        while (true)
        {
            // One round trip per search (docs/performance.md): the scan settings, the collection check and
            // the candidate query travel as one batch. The settings are session-level SETs rather than SET
            // LOCAL, which would need a transaction and two more round trips (BEGIN, COMMIT); every search
            // sets all of them before its scan, so what a pooled connection carries over is never used.
            // The candidate query takes the collection's id as a value (with a sub-select the planner no
            // longer knows how selective the collection is and may leave the HNSW index); the check in the
            // same batch notices an id that changed (collection deleted and re-created) and the search repeats.
            await using var batch = new NpgsqlBatch(connection);
            efSearch = options.EfSearchFor(knownPoses, candidateCount);
            foreach (var setting in SessionSettings(efSearch))
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(setting));
            }

            // reltuples of the collection's partial HNSW index: its entries as of the last ANALYZE (autovacuum runs it after 10 % of changes) or
            // CREATE INDEX (-1 or 0 before any), cheap to read and good enough to tell 10,000 from a million.
            var lookup = new NpgsqlBatchCommand($"""
                SELECT id, model_name, model_sha256,
                       coalesce((SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass('{CollectionIndex.NamePrefix}' || id)), 0)
                FROM collections WHERE name = $1
                """);
            lookup.Parameters.Add(new NpgsqlParameter<string> { TypedValue = collection });
            batch.BatchCommands.Add(lookup);
            batch.BatchCommands.Add(BuildCandidateQuery(collectionId, filter, query.Mean, candidateCount));

            await using var reader = await batch.ExecuteReaderAsync(uncancelled);
            // The SET statements return no rows; move to the collection check.
            while (reader.FieldCount == 0 && await reader.NextResultAsync(uncancelled))
            {
            }

            if (!await reader.ReadAsync(uncancelled))
            {
                _collections.TryRemove(collection, out _);
                throw new CollectionNotFoundException(collection);
            }

            var currentId = reader.GetInt64(0);
            var storedModel = reader.GetString(1);
            var storedSha = reader.GetString(2);
            if (!string.Equals(storedSha, model.Sha256, StringComparison.Ordinal))
            {
                _collections.TryRemove(collection, out _);
                throw new CollectionModelMismatchException(collection, storedModel, storedSha, model);
            }

            _collections[collection] = (currentId, Math.Max(0, reader.GetInt64(3)));
            if (currentId != collectionId)
            {
                collectionId = currentId;
                continue;
            }

            await reader.NextResultAsync(uncancelled);
            while (await reader.ReadAsync(uncancelled))
            {
                var row = ids.Count;
                ids.Add(reader.GetString(0));
                reader.GetFieldValue<Vector>(1).Memory.Span.CopyTo(means.AsSpan(row * d, d));
                reader.GetFieldValue<Vector>(2).Memory.Span.CopyTo(stddevs.AsSpan(row * d, d));
                metadata.Add(PoseRows.ReadMetadata(reader, 3));
            }

            break;
        }

        var m = ids.Count;
        var probabilities = new float[m];
        scorer.ScoreCandidates(query.Mean, query.Stddev, means.AsSpan(0, m * d), stddevs.AsSpan(0, m * d), probabilities);

        var order = Enumerable.Range(0, m)
            .Where(i => probabilities[i] >= query.MinProbability)
            .OrderByDescending(i => probabilities[i])
            .ThenBy(i => ids[i], StringComparer.Ordinal)
            .Take(query.K);
        var hits = order
            .Select(i => new SearchHit(ids[i], probabilities[i], MatchProbabilityModel.Distance(probabilities[i]), metadata[i]))
            .ToList();
        return new SearchResult(hits, m, efSearch);
    }

    private IEnumerable<string> SessionSettings(int efSearch)
    {
        yield return "SET hnsw.ef_search = " + efSearch.ToString(CultureInfo.InvariantCulture);
        yield return "SET hnsw.iterative_scan = " + options.IterativeScan switch
        {
            IterativeScanMode.RelaxedOrder => "relaxed_order",
            IterativeScanMode.StrictOrder => "strict_order",
            _ => "off",
        };
        yield return "SET hnsw.max_scan_tuples = " + options.MaxScanTuples.ToString(CultureInfo.InvariantCulture);
    }

    private static NpgsqlBatchCommand BuildCandidateQuery(long collectionId, SearchFilter filter, float[] mean, int candidateCount)
    {
        var command = new NpgsqlBatchCommand();
        command.Parameters.Add(new NpgsqlParameter { Value = new Vector(mean) });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = candidateCount });

        // The collection id is written into the query, not bound: each collection has an HNSW index
        // of its own, partial on "collection_id = <id>" (migration 6), and the planner matches a
        // partial index only against a constant. The id is a bigint read from the database.
        var where = new StringBuilder("collection_id = " + collectionId.ToString(CultureInfo.InvariantCulture));
        if (filter.VideoId is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = filter.VideoId });
            where.Append(CultureInfo.InvariantCulture, $" AND video_id = ${command.Parameters.Count}");
        }

        if (filter.Person is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = filter.Person.Value });
            where.Append(CultureInfo.InvariantCulture, $" AND person = ${command.Parameters.Count}");
        }

        if (filter.ExtraContainsJson is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = filter.ExtraContainsJson, NpgsqlDbType = NpgsqlDbType.Jsonb });
            where.Append(CultureInfo.InvariantCulture, $" AND extra @> ${command.Parameters.Count}");
        }

        // stddev is a real[] column; sent as a vector it arrives as one binary block instead of an
        // array that Npgsql decodes element by element (a few percent of the service's CPU per search).
        command.CommandText = $"""
            SELECT external_id, mean, stddev::vector, video_id, frame, timestamp_seconds, person, extra::text
            FROM poses
            WHERE {where}
            ORDER BY mean <-> $1
            LIMIT $2
            """;
        return command;
    }

    private static void Check(SearchQuery query, int d, MatchProbabilityModel scorer)
    {
        if (scorer.Dimension != d)
        {
            throw new ArgumentException($"the scorer has dimension {scorer.Dimension} but the model has {d}", nameof(scorer));
        }

        if (query.Mean.Length != d || query.Stddev.Length != d)
        {
            throw new ArgumentException($"the query embedding needs {d} mean and {d} stddev values", nameof(query));
        }

        if (query.Mean.Any(v => !float.IsFinite(v)) || query.Stddev.Any(v => !float.IsFinite(v) || v <= 0))
        {
            throw new ArgumentException("the query embedding has a non-finite mean or a stddev <= 0", nameof(query));
        }
    }
}
