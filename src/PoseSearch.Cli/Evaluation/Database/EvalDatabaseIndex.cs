using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using PoseSearch.Cli.Common;
using PoseSearch.Cli.Evaluation.Rankings;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Scoring;
using PoseSearch.Storage;

namespace PoseSearch.Cli.Evaluation.Database;

/// <summary>
/// --via-db: every camera's index poses go into their own collection through the Storage
/// layer's COPY ingest, and queries run through <see cref="TwoStageSearch"/>, the code behind
/// the API's search endpoint (HNSW candidates, then the exact match probability). The
/// collections are dropped at the end unless asked to keep them.
/// </summary>
internal sealed class EvalDatabaseIndex : IDatabaseIndex
{
    private const int IngestBatch = 5000;

    private readonly StorageConnection _storage;
    private readonly MatchProbabilityModel _scorer;
    private readonly SearchOptions _searchOptions;
    private readonly string _prefix;
    private readonly bool _keepCollections;
    private readonly List<string> _collections = [];
    private IReadOnlyList<string> _cameraNames = [];
    private long _searches;
    private long _searchTicks;

    public EvalDatabaseIndex(StorageConnection storage, MatchProbabilityModel scorer, SearchOptions searchOptions, string collectionPrefix, bool keepCollections)
    {
        _storage = storage;
        _scorer = scorer;
        _searchOptions = searchOptions;
        _prefix = collectionPrefix;
        _keepCollections = keepCollections;
        Ranking = new DatabaseRanking(this);
    }

    public IRanking Ranking { get; }

    public string Server => _storage.Server;

    public IReadOnlyList<string> Collections => _collections;

    public string SearchSettings => string.Create(CultureInfo.InvariantCulture,
        $"{_searchOptions.Candidates} HNSW candidates, ef_search {Math.Max(_searchOptions.EfSearch, _searchOptions.Candidates)}, iterative scan {_searchOptions.IterativeScan}, then exact match probability");

    public double MeanSearchMilliseconds => _searches == 0 ? 0 : TimeSpan.FromTicks(_searchTicks).TotalMilliseconds / _searches;

    public string CollectionName(int camera, IReadOnlyList<string> cameraNames) => $"{_prefix}-{cameraNames[camera]}";

    public async Task<double> LoadAsync(MultiViewPoses poses, IReadOnlyList<ViewFeatures> views, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var collections = new CollectionStore(_storage.DataSource);
        var store = new PoseStore(_storage.DataSource);
        var total = views.Sum(v => v.ValidCount);
        var stage = progress.Start($"Loading {total:N0} index poses into PostgreSQL ({views.Count} collections)", total);
        _cameraNames = poses.CameraNames;
        for (var c = 0; c < views.Count; c++)
        {
            var name = CollectionName(c, poses.CameraNames);
            // An evaluation collection holds exactly this run's index: start from empty.
            await collections.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
            await collections.CreateAsync(name, $"posesearch eval index, camera {poses.CameraNames[c]}", _storage.Model, cancellationToken).ConfigureAwait(false);
            _collections.Add(name);

            var embedding = views[c].RequireEmbedding();
            var batch = new List<PoseRecord>(IngestBatch);
            for (var row = 0; row < views[c].Count; row++)
            {
                if (!views[c].Valid[row])
                {
                    continue;
                }

                batch.Add(new PoseRecord(
                    row.ToString(CultureInfo.InvariantCulture),
                    embedding.Mean(row).ToArray(),
                    embedding.Stddev(row).ToArray(),
                    poses.Keypoints[c].AsSpan(row * ModelJoints.CoordinateCount, ModelJoints.CoordinateCount).ToArray(),
                    poses.Visibility[c].AsSpan(row * ModelJoints.Count, ModelJoints.Count).ToArray(),
                    new PoseMetadata(VideoId: poses.CameraNames[c], Frame: row, Person: 0)));
                if (batch.Count == IngestBatch)
                {
                    await store.IngestAsync(name, batch, _storage.Model, cancellationToken).ConfigureAwait(false);
                    stage.Advance(batch.Count);
                    batch.Clear();
                }
            }
            if (batch.Count > 0)
            {
                await store.IngestAsync(name, batch, _storage.Model, cancellationToken).ConfigureAwait(false);
                stage.Advance(batch.Count);
            }
        }
        stage.Complete();
        return watch.Elapsed.TotalSeconds;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_keepCollections)
        {
            var collections = new CollectionStore(_storage.DataSource);
            foreach (var name in _collections)
            {
                await collections.DeleteAsync(name).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Searches the index camera's collection; external ids are the index rows.</summary>
    private sealed class DatabaseRanking(EvalDatabaseIndex owner) : IRanking
    {
        public string Id => "db";

        public string Description => "the service's two-stage search through PostgreSQL (HNSW on the mean, then exact match probability)";

        public int[] Rank(RankingRequest request, CancellationToken cancellationToken)
        {
            var depth = request.Depth;
            var ranked = new int[request.QueryRows.Count * depth];
            Array.Fill(ranked, -1);
            var search = new TwoStageSearch(owner._storage.DataSource, owner._searchOptions);
            var collection = owner.CollectionName(request.IndexCamera, owner._cameraNames);
            var queries = request.Queries.RequireEmbedding();
            var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.Threads), CancellationToken = cancellationToken };
            var elapsed = new ConcurrentBag<long>();
            Parallel.ForEachAsync(Enumerable.Range(0, request.QueryRows.Count), options, async (q, token) =>
            {
                var row = request.QueryRows[q];
                if (!request.Queries.Valid[row])
                {
                    return;
                }

                var watch = Stopwatch.StartNew();
                var result = await search.SearchAsync(collection, owner._storage.Model, owner._scorer,
                    new SearchQuery(queries.Mean(row).ToArray(), queries.Stddev(row).ToArray(), depth), token).ConfigureAwait(false);
                elapsed.Add(watch.Elapsed.Ticks);
                for (var r = 0; r < result.Hits.Count && r < depth; r++)
                {
                    ranked[q * depth + r] = int.Parse(result.Hits[r].ExternalId, CultureInfo.InvariantCulture);
                }
            }).GetAwaiter().GetResult();
            Interlocked.Add(ref owner._searches, elapsed.Count);
            Interlocked.Add(ref owner._searchTicks, elapsed.Sum());
            return ranked;
        }
    }
}
