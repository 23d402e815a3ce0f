using System.Diagnostics;
using PoseSearch.Cli.Common;
using PoseSearch.Cli.Common.Input;
using PoseSearch.Cli.Operations.Synthesis;
using PoseSearch.Core.Keypoints;
using PoseSearch.Embedding;
using PoseSearch.Storage;

namespace PoseSearch.Cli.Operations.Recall;

/// <summary>
/// `posesearch recall`: queries are fresh random-camera views of held-out mocap frames; each
/// is ranked exactly (match probability against every stored pose) and by the service's
/// two-stage search (<see cref="TwoStageSearch"/>, the code behind the search endpoint) at
/// each candidate count C and hnsw.ef_search, timing every search one at a time.
/// </summary>
internal sealed class RecallRunner(PoseEmbedder embedder, StorageConnection storage, IProgressReporter progress)
{
    private const int QueryPoolSize = 20_000;
    private const int WarmupQueries = 10;
    private const int WarmupSearches = 1000;

    public async Task<RecallReport> RunAsync(RecallSettings settings, CancellationToken cancellationToken)
    {
        settings.Validate();
        var started = DateTime.UtcNow;
        var loadStart = LoadAverage.OneMinute();

        var dataset = MocapDatasetFile.Read(settings.Dataset);
        var pool = SyntheticPoseGenerator.Generate(dataset, new SynthesisPlan
        {
            Count = Math.Max(QueryPoolSize, settings.Queries),
            Seed = settings.Seed,
            Split = settings.QuerySplit,
        });
        var picked = SeededSample.Rows(pool.Count, settings.Queries, settings.Seed);
        var keypoints = picked.SelectMany(i => pool.KeypointsOf(i).ToArray()).ToArray();
        var visibility = picked.SelectMany(i => pool.VisibilityOf(i).ToArray()).ToArray();
        var queries = embedder.Embed(keypoints, visibility);

        var loading = progress.Start($"Reading every embedding of '{settings.Collection}'", 1);
        var snapshot = await ReadCollectionAsync(settings.Collection, cancellationToken).ConfigureAwait(false);
        loading.Complete();

        var (exact, exactSeconds) = RankExactly(snapshot, queries, settings, cancellationToken);

        var points = new List<RecallPoint>();
        var grid = Grid(settings);
        await WarmUpAsync(settings, queries, cancellationToken).ConfigureAwait(false);
        var sweep = progress.Start($"Two-stage searches ({grid.Count} settings x {queries.Count} queries)", grid.Count * queries.Count);
        foreach (var (candidates, efSearch) in grid)
        {
            points.Add(await MeasureAsync(settings, candidates, efSearch, queries, exact, sweep, cancellationToken).ConfigureAwait(false));
        }
        sweep.Complete();

        return new RecallReport
        {
            Collection = settings.Collection,
            CollectionPoses = snapshot.Count,
            Model = embedder.Card.Name,
            K = settings.K,
            Queries = queries.Count,
            QuerySource = $"{Path.GetFileName(settings.Dataset)} split {settings.QuerySplit ?? "all"}, random cameras seed {settings.Seed}",
            ExactSecondsPerQuery = exactSeconds,
            Points = points,
            LoadAverageStart = loadStart,
            LoadAverageEnd = LoadAverage.OneMinute(),
            StartedUtc = started,
        };
    }

    /// <summary>Every stored embedding of the collection: the ground truth of the exact ranking.</summary>
    private async Task<CollectionEmbeddings> ReadCollectionAsync(string collection, CancellationToken cancellationToken)
    {
        CollectionEmbeddings snapshot;
        try
        {
            snapshot = await new CollectionEmbeddingReader(storage.DataSource).ReadAllAsync(collection, embedder.Dimension, cancellationToken).ConfigureAwait(false);
        }
        catch (CollectionNotFoundException e)
        {
            throw new CliInputException(e.Message, e);
        }
        if (snapshot.Count == 0)
        {
            throw new CliInputException($"collection '{collection}' holds no poses");
        }

        return snapshot;
    }

    /// <summary>The settings to measure: every (C, effective ef_search) pair once, the default included.</summary>
    public static IReadOnlyList<(int Candidates, int EfSearch)> Grid(RecallSettings settings)
    {
        static int Effective(int candidates, int efSearch) => Math.Min(1000, Math.Max(efSearch, candidates));
        var pairs = settings.Candidates
            .SelectMany(c => settings.EfSearch.Select(e => (Candidates: c, EfSearch: Effective(c, e))))
            .Append((Candidates: settings.DefaultCandidates, EfSearch: Effective(settings.DefaultCandidates, settings.DefaultEfSearch)));
        return pairs.Distinct().OrderBy(p => p.EfSearch).ThenBy(p => p.Candidates).ToList();
    }

    /// <summary>
    /// Untimed searches before the sweep: .NET recompiles hot code with profile data during the first
    /// few thousand calls, and the first setting measured must not pay for it.
    /// </summary>
    private async Task WarmUpAsync(RecallSettings settings, EmbeddingBatch queries, CancellationToken cancellationToken)
    {
        var search = new TwoStageSearch(storage.DataSource, new SearchOptions { Candidates = settings.DefaultCandidates, EfSearch = settings.DefaultEfSearch, LargeCollectionPoses = 0 });
        for (var i = 0; i < WarmupSearches; i++)
        {
            var q = i % queries.Count;
            await search.SearchAsync(settings.Collection, storage.Model, embedder.MatchModel,
                new SearchQuery(queries.Mean(q).ToArray(), queries.Stddev(q).ToArray(), settings.K), cancellationToken).ConfigureAwait(false);
        }
    }

    private (RankedHits[] Exact, double SecondsPerQuery) RankExactly(
        CollectionEmbeddings snapshot, EmbeddingBatch queries, RecallSettings settings, CancellationToken cancellationToken)
    {
        var ranking = new ExactMatchRanking(snapshot, embedder.MatchModel);
        var exact = new RankedHits[queries.Count];
        var stage = progress.Start($"Exact match probability over all {snapshot.Count:N0} poses ({queries.Count} queries)", queries.Count);
        long ticks = 0;
        Parallel.For(0, queries.Count, new ParallelOptions { MaxDegreeOfParallelism = settings.Threads, CancellationToken = cancellationToken }, q =>
        {
            var watch = Stopwatch.StartNew();
            exact[q] = ranking.TopK(queries.Mean(q), queries.Stddev(q), settings.K);
            Interlocked.Add(ref ticks, watch.Elapsed.Ticks);
            stage.Advance(1);
        });
        stage.Complete();
        return (exact, TimeSpan.FromTicks(ticks).TotalSeconds / queries.Count);
    }

    private async Task<RecallPoint> MeasureAsync(
        RecallSettings settings, int candidates, int efSearch, EmbeddingBatch queries, RankedHits[] exact, IProgressStage stage, CancellationToken cancellationToken)
    {
        var search = new TwoStageSearch(storage.DataSource, new SearchOptions
        {
            Candidates = candidates,
            EfSearch = efSearch,
            LargeCollectionPoses = 0, // the swept ef_search, whatever the collection's size
            MaxK = Math.Max(settings.K, new SearchOptions().MaxK),
        });
        SearchQuery Query(int q) => new(queries.Mean(q).ToArray(), queries.Stddev(q).ToArray(), settings.K);

        for (var q = 0; q < Math.Min(WarmupQueries, queries.Count); q++)
        {
            await search.SearchAsync(settings.Collection, storage.Model, embedder.MatchModel, Query(q), cancellationToken).ConfigureAwait(false);
        }

        var latencies = new double[queries.Count];
        var recalls = new double[queries.Count];
        for (var q = 0; q < queries.Count; q++)
        {
            var query = Query(q);
            var watch = Stopwatch.StartNew();
            var result = await search.SearchAsync(settings.Collection, storage.Model, embedder.MatchModel, query, cancellationToken).ConfigureAwait(false);
            latencies[q] = watch.Elapsed.TotalMilliseconds;
            var hits = new RankedHits(result.Hits.Select(h => h.ExternalId).ToArray(), result.Hits.Select(h => h.Probability).ToArray());
            recalls[q] = RecallAtK.Compute(hits, exact[q], settings.K);
            stage.Advance(1);
        }
        var isDefault = candidates == settings.DefaultCandidates
            && efSearch == Math.Min(1000, Math.Max(settings.DefaultEfSearch, settings.DefaultCandidates));
        return new RecallPoint(candidates, efSearch, isDefault, recalls.Average(), recalls.Min(), LatencySummary.From(latencies));
    }
}
