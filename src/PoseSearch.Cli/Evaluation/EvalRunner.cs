using System.Diagnostics;
using PoseSearch.Cli.Common;
using PoseSearch.Cli.Evaluation.Database;
using PoseSearch.Cli.Evaluation.Input;
using PoseSearch.Cli.Evaluation.Rankings;
using PoseSearch.Cli.Evaluation.Reports;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Metrics;
using PoseSearch.Core.Normalization;
using PoseSearch.Core.Scoring;
using PoseSearch.Embedding;

namespace PoseSearch.Cli.Evaluation;

/// <summary>
/// The cross-view retrieval protocol (method.md section 7, issue 5): near-duplicates removed,
/// every ordered camera pair, every ranking side by side, Hit@k over a kappa sweep, the
/// shortlist check, robustness rows and the optional database ranking.
/// </summary>
internal sealed class EvalRunner
{
    private readonly EvalSettings _settings;
    private readonly PoseEmbedder? _embedder;
    private readonly MatchProbabilityModel? _scorer;
    private readonly NearDuplicateFilter _duplicates = new();
    private readonly IDatabaseIndex? _database;
    private readonly IProgressReporter _progress;
    private readonly Dictionary<string, double> _timings = new();

    /// <param name="embedder">Null for a model-free run (raw-2d ranking only).</param>
    /// <param name="database">Null unless --via-db.</param>
    public EvalRunner(EvalSettings settings, PoseEmbedder? embedder, IDatabaseIndex? database, IProgressReporter progress)
    {
        _settings = settings;
        _embedder = embedder;
        _scorer = embedder?.MatchModel;
        _database = database;
        _progress = progress;
        var needsModel = settings.Rankings.Any(r => r != RawKeypointRanking.RankingId) || database is not null;
        if (needsModel && embedder is null)
            throw new ArgumentException("the embedding rankings and --via-db need a model");
    }

    public async Task<EvalReport> RunAsync(LoadedInput input, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var poses = input.Poses;

        var usable = Timed("validate", () => RowsWithEveryViewValid(poses));
        var withValidViews = poses.SelectPoses(usable);
        var kept = Timed("deduplicate", () => _duplicates.Keep(withValidViews, new NormalizedPoseSet(withValidViews.Poses3D),
            _settings.DuplicateThreshold, _settings.Threads, _progress, cancellationToken));
        if (kept.Count < 2)
            throw new CliInputException($"only {kept.Count} distinct usable pose(s) left after removing rejected views and near-duplicates; at least 2 are needed");
        var evaluated = withValidViews.SelectPoses(kept);

        var extractor = new FeatureExtractor(_embedder);
        var views = Timed("embed", () =>
        {
            var stage = _progress.Start($"Normalizing{(_embedder is null ? "" : " and embedding")} {evaluated.PoseCount:N0} poses x {evaluated.CameraCount} cameras", evaluated.CameraCount);
            var result = new List<ViewFeatures>();
            for (var c = 0; c < evaluated.CameraCount; c++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                result.Add(extractor.Extract(evaluated.Keypoints[c], evaluated.Visibility[c]));
                stage.Advance(1);
            }
            stage.Complete();
            return result;
        });

        var rankings = BuildRankings();
        var oracle = new CorrectnessOracle(new NormalizedPoseSet(evaluated.Poses3D));
        var pairs = CameraPairs.Ordered(evaluated.CameraCount);
        var allRows = Enumerable.Range(0, evaluated.PoseCount).ToArray();
        var kappas = _settings.KappaSweep.Append(_settings.Kappa).Distinct().Order().ToArray();

        // ranked[ranking][pair] and npMpjpe[ranking][pair]: Q x Depth each.
        var ranked = rankings.ToDictionary(r => r.Id, _ => new int[pairs.Count][]);
        var distances = rankings.ToDictionary(r => r.Id, _ => new float[pairs.Count][]);
        Timed("rank", () =>
        {
            var stage = _progress.Start($"Ranking {pairs.Count} camera pairs x {rankings.Count} rankings", pairs.Count * rankings.Count);
            for (var p = 0; p < pairs.Count; p++)
            {
                foreach (var ranking in rankings)
                {
                    var cpu = Environment.CpuUsage.TotalTime;
                    var request = new RankingRequest(pairs[p].Query, views[pairs[p].Query], allRows, pairs[p].Index, views[pairs[p].Index], EvalSettings.Depth, _settings.Threads);
                    ranked[ranking.Id][p] = ranking.Rank(request, cancellationToken);
                    var rankedCpu = Environment.CpuUsage.TotalTime;
                    distances[ranking.Id][p] = oracle.ByRank(allRows, ranked[ranking.Id][p], EvalSettings.Depth, _settings.Threads, cancellationToken);
                    Accumulate($"rank_{ranking.Id}_cpu", (rankedCpu - cpu).TotalSeconds);
                    Accumulate("correctness_cpu", (Environment.CpuUsage.TotalTime - rankedCpu).TotalSeconds);
                    stage.Advance(1);
                }
            }
            stage.Complete();
        });

        var results = rankings.Select(r => Summarize(r, distances[r.Id], pairs, evaluated.CameraNames, kappas)).ToList();
        var shortlistCheck = _settings.Rankings.Contains(MatchProbabilityRanking.RankingId) && _settings.AgreementQueries > 0
            ? Timed("shortlist-check", () => CheckShortlist(views, pairs, ranked[MatchProbabilityRanking.RankingId], oracle, kappas, cancellationToken))
            : null;
        var robustness = _settings.Perturbations.Count > 0
            ? Timed("robustness", () => RunRobustness(evaluated, views, rankings, pairs, ranked, distances, oracle, cancellationToken))
            : null;
        DatabaseCheck? database = null;
        if (_database is not null)
        {
            var watch = Stopwatch.StartNew();
            var cpu = Environment.CpuUsage.TotalTime;
            database = await CheckDatabaseAsync(evaluated, views, pairs, ranked, distances, oracle, cancellationToken).ConfigureAwait(false);
            _timings["database"] = watch.Elapsed.TotalSeconds;
            _timings["database_cpu"] = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        }
        _timings["total"] = total.Elapsed.TotalSeconds;
        // CPU time of the whole process so far: on a busy machine wall time alone says little.
        _timings["process_cpu"] = Environment.CpuUsage.TotalTime.TotalSeconds;

        return new EvalReport
        {
            Tool = "posesearch eval",
            CreatedUtc = DateTimeOffset.UtcNow,
            Arguments = arguments,
            Input = new InputSummary
            {
                Kind = input.Description.Kind,
                Path = input.Description.Path,
                Rig = input.Description.Rig,
                Subject = input.Description.Subject,
                Split = input.Description.Split,
                MaxPoses = input.Description.MaxPoses,
                Cameras = evaluated.CameraNames,
                PosesRead = input.Description.PosesRead,
                PosesSelected = poses.PoseCount,
                PosesWithRejectedView = poses.PoseCount - usable.Count,
                PosesEvaluated = evaluated.PoseCount,
                ViewsRefusedByModel = views.Sum(v => v.RefusedByModel),
                DuplicateThreshold = Exact(_settings.DuplicateThreshold),
            },
            Model = _embedder is null ? null : new ModelSummary(_embedder.Card.Name, _embedder.Card.Variant, _embedder.Card.Sha256,
                _embedder.Card.EmbeddingDim, _embedder.Card.NumSamples, _embedder.Card.License),
            Protocol = new ProtocolSummary
            {
                Kappa = Exact(_settings.Kappa),
                KappaSweep = kappas.Select(Exact).ToArray(),
                Ks = EvalSettings.Ks,
                CameraPairs = pairs.Select(p => new CameraPair(evaluated.CameraNames[p.Query], evaluated.CameraNames[p.Index])).ToArray(),
                QueriesPerPair = evaluated.PoseCount,
                IndexSizePerCamera = evaluated.PoseCount,
                ShortlistSize = _settings.Rankings.Contains(MatchProbabilityRanking.RankingId) ? _settings.Shortlist : null,
                Seed = _settings.Seed,
                Threads = _settings.Threads,
                Correctness = "NP-MPJPE (retrieved 3D pose aligned to the query's by a similarity Procrustes fit, mean over 17 joints, torso-normalized units) < kappa",
            },
            Rankings = results,
            ShortlistCheck = shortlistCheck,
            Robustness = robustness,
            Database = database,
            TimingsSeconds = new Dictionary<string, double>(_timings),
        };
    }

    private List<IRanking> BuildRankings()
    {
        var list = new List<IRanking>();
        foreach (var id in _settings.Rankings)
        {
            list.Add(id switch
            {
                RawKeypointRanking.RankingId => new RawKeypointRanking(),
                EmbeddingMeanRanking.RankingId => new EmbeddingMeanRanking(),
                MatchProbabilityRanking.RankingId => new MatchProbabilityRanking(_scorer!, _settings.Shortlist),
                _ => throw new CliInputException($"unknown ranking '{id}' (expected {RawKeypointRanking.RankingId}, {EmbeddingMeanRanking.RankingId} or {MatchProbabilityRanking.RankingId})"),
            });
        }
        return list;
    }

    /// <summary>Rows whose every camera view passes the 2D normalization (enough visible anchors).</summary>
    private static List<int> RowsWithEveryViewValid(MultiViewPoses poses)
    {
        var ok = Enumerable.Repeat(true, poses.PoseCount).ToArray();
        var scratch = new float[poses.PoseCount * ModelJoints.CoordinateCount];
        var valid = new bool[poses.PoseCount];
        for (var c = 0; c < poses.CameraCount; c++)
        {
            PoseNormalizer2D.NormalizeBatch(poses.Keypoints[c], poses.Visibility[c], scratch, valid);
            for (var n = 0; n < valid.Length; n++) ok[n] &= valid[n];
        }
        return Enumerable.Range(0, poses.PoseCount).Where(n => ok[n]).ToList();
    }

    private RankingResult Summarize(IRanking ranking, float[][] byPair, IReadOnlyList<(int Query, int Index)> pairs, IReadOnlyList<string> cameras, float[] kappas)
    {
        var perPairSweep = byPair.Select(d => HitComputation.AtKappas(d, kappas)).ToArray();
        var atKappa = Array.IndexOf(kappas, _settings.Kappa);
        return new RankingResult
        {
            Id = ranking.Id,
            Description = ranking.Description,
            Hits = HitRates.Mean(perPairSweep.Select(s => s[atKappa]).ToArray()),
            Sweep = kappas.Select((k, i) => new KappaPoint(Exact(k), HitRates.Mean(perPairSweep.Select(s => s[i]).ToArray()))).ToArray(),
            PerPair = pairs.Select((p, i) => new PairHits(cameras[p.Query], cameras[p.Index], perPairSweep[i][atKappa])).ToArray(),
        };
    }

    private ShortlistCheck CheckShortlist(IReadOnlyList<ViewFeatures> views, IReadOnlyList<(int Query, int Index)> pairs,
        int[][] shortlistRanked, CorrectnessOracle oracle, float[] kappas, CancellationToken cancellationToken)
    {
        var full = new MatchProbabilityRanking(_scorer!, shortlistSize: null);
        var perPair = Math.Max(1, (_settings.AgreementQueries + pairs.Count - 1) / pairs.Count);
        var stage = _progress.Start($"Checking the shortlist against full rankings ({perPair} queries x {pairs.Count} pairs)", pairs.Count);
        var shortDistances = new List<float[]>();
        var fullDistances = new List<float[]>();
        var shortRanked = new List<int[]>();
        var fullRanked = new List<int[]>();
        for (var p = 0; p < pairs.Count; p++)
        {
            var rows = SeededSample.Rows(views[pairs[p].Query].Count, perPair, _settings.Seed + 7919 * (p + 1));
            var request = new RankingRequest(pairs[p].Query, views[pairs[p].Query], rows, pairs[p].Index, views[pairs[p].Index], EvalSettings.Depth, _settings.Threads);
            var fullRows = full.Rank(request, cancellationToken);
            var shortRows = HitComputation.SelectRows(shortlistRanked[p], rows);
            shortRanked.Add(shortRows);
            fullRanked.Add(fullRows);
            shortDistances.Add(oracle.ByRank(rows, shortRows, EvalSettings.Depth, _settings.Threads, cancellationToken));
            fullDistances.Add(oracle.ByRank(rows, fullRows, EvalSettings.Depth, _settings.Threads, cancellationToken));
            stage.Advance(1);
        }
        stage.Complete();

        var shortAll = shortDistances.SelectMany(d => d).ToArray();
        var fullAll = fullDistances.SelectMany(d => d).ToArray();
        var queries = shortAll.Length / EvalSettings.Depth;
        var comparisons = 0;
        var agreements = 0;
        for (var q = 0; q < queries; q++)
        {
            foreach (var kappa in kappas)
            {
                foreach (var k in EvalSettings.Ks)
                {
                    comparisons++;
                    if (HitWithin(shortAll, q, k, kappa) == HitWithin(fullAll, q, k, kappa)) agreements++;
                }
            }
        }
        var shortIds = shortRanked.SelectMany(r => r).ToArray();
        var fullIds = fullRanked.SelectMany(r => r).ToArray();
        return new ShortlistCheck
        {
            ShortlistSize = _settings.Shortlist,
            Queries = queries,
            Comparisons = comparisons,
            Agreements = agreements,
            AgreementRate = agreements / (double)comparisons,
            Top1IdenticalRate = HitComputation.Top1IdenticalRate(shortIds, fullIds),
            MeanTop20Overlap = HitComputation.MeanOverlap(shortIds, fullIds),
            ShortlistHits = HitComputation.AtKappa(shortAll, _settings.Kappa),
            FullHits = HitComputation.AtKappa(fullAll, _settings.Kappa),
        };
    }

    private static bool HitWithin(float[] byRank, int query, int k, float kappa)
    {
        var row = byRank.AsSpan(query * EvalSettings.Depth, k);
        foreach (var d in row)
            if (d < kappa) return true;
        return false;
    }

    private RobustnessResult RunRobustness(MultiViewPoses poses, IReadOnlyList<ViewFeatures> views, IReadOnlyList<IRanking> rankings,
        IReadOnlyList<(int Query, int Index)> pairs, Dictionary<string, int[][]> ranked, Dictionary<string, float[][]> distances,
        CorrectnessOracle oracle, CancellationToken cancellationToken)
    {
        var extractor = new FeatureExtractor(_embedder);
        var samples = Enumerable.Range(0, poses.CameraCount)
            .Select(c => SeededSample.Rows(poses.PoseCount, _settings.RobustnessQueries, _settings.Seed + 104729 * (c + 1)))
            .ToArray();
        var rows = new List<RobustnessRow>
        {
            new()
            {
                Perturbation = "clean",
                Description = "clean queries (same sample)",
                RejectedQueryRate = 0,
                Hits = rankings.ToDictionary(r => r.Id, r => HitRates.Mean(pairs.Select((pair, p) =>
                    HitComputation.AtKappa(HitComputation.SelectRows(distances[r.Id][p], samples[pair.Query]), _settings.Kappa)).ToArray())),
            },
        };

        var stage = _progress.Start($"Robustness: {_settings.Perturbations.Count} corruptions x {poses.CameraCount} query cameras", _settings.Perturbations.Count * poses.CameraCount);
        for (var t = 0; t < _settings.Perturbations.Count; t++)
        {
            var perturbation = _settings.Perturbations[t];
            var perturbedViews = new ViewFeatures[poses.CameraCount];
            var rejected = 0;
            for (var c = 0; c < poses.CameraCount; c++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sample = samples[c];
                var keypoints = RowMajor.Gather(poses.Keypoints[c], sample, ModelJoints.CoordinateCount);
                var visibility = RowMajor.Gather(poses.Visibility[c], sample, ModelJoints.Count);
                var keypointsOut = new float[keypoints.Length];
                var visibilityOut = new float[visibility.Length];
                perturbation.Apply(keypoints, visibility, keypointsOut, visibilityOut, new Random(PerturbationSeed(_settings.Seed, t, c)));
                perturbedViews[c] = extractor.Extract(keypointsOut, visibilityOut);
                rejected += perturbedViews[c].Count - perturbedViews[c].ValidCount;
                stage.Advance(1);
            }

            var hits = new Dictionary<string, HitRates>();
            foreach (var ranking in rankings)
            {
                var perPair = new List<HitRates>();
                foreach (var (query, index) in pairs)
                {
                    var sample = samples[query];
                    var request = new RankingRequest(query, perturbedViews[query], Enumerable.Range(0, sample.Length).ToArray(), index, views[index], EvalSettings.Depth, _settings.Threads);
                    var result = ranking.Rank(request, cancellationToken);
                    perPair.Add(HitComputation.AtKappa(oracle.ByRank(sample, result, EvalSettings.Depth, _settings.Threads, cancellationToken), _settings.Kappa));
                }
                hits[ranking.Id] = HitRates.Mean(perPair);
            }
            rows.Add(new RobustnessRow
            {
                Perturbation = perturbation.Name,
                Description = perturbation.Description,
                RejectedQueryRate = rejected / (double)samples.Sum(s => s.Length),
                Hits = hits,
            });
        }
        stage.Complete();
        return new RobustnessResult { QueriesPerPair = samples[0].Length, Rows = rows };
    }

    private async Task<DatabaseCheck> CheckDatabaseAsync(MultiViewPoses poses, IReadOnlyList<ViewFeatures> views,
        IReadOnlyList<(int Query, int Index)> pairs, Dictionary<string, int[][]> ranked, Dictionary<string, float[][]> distances,
        CorrectnessOracle oracle, CancellationToken cancellationToken)
    {
        var database = _database!;
        var ingestSeconds = await database.LoadAsync(poses, views, _progress, cancellationToken).ConfigureAwait(false);
        // The in-process reference: the exact match probability on the shortlist when it ran, else mean L2.
        var reference = ranked.ContainsKey(MatchProbabilityRanking.RankingId) ? MatchProbabilityRanking.RankingId : EmbeddingMeanRanking.RankingId;
        if (!ranked.ContainsKey(reference))
            throw new CliInputException($"--via-db needs the {MatchProbabilityRanking.RankingId} or {EmbeddingMeanRanking.RankingId} ranking for comparison");

        var stage = _progress.Start($"Searching through the database ({pairs.Count} pairs)", pairs.Count);
        var dbDistances = new List<float[]>();
        var refDistances = new List<float[]>();
        var dbIds = new List<int[]>();
        var refIds = new List<int[]>();
        var perPair = 0;
        for (var p = 0; p < pairs.Count; p++)
        {
            var (query, index) = pairs[p];
            var rows = SeededSample.Rows(views[query].Count, _settings.DatabaseQueries, _settings.Seed + 15485863 * (p + 1));
            perPair = rows.Length;
            var request = new RankingRequest(query, views[query], rows, index, views[index], EvalSettings.Depth, _settings.Threads);
            var result = database.Ranking.Rank(request, cancellationToken);
            dbIds.Add(result);
            dbDistances.Add(oracle.ByRank(rows, result, EvalSettings.Depth, _settings.Threads, cancellationToken));
            refIds.Add(HitComputation.SelectRows(ranked[reference][p], rows));
            refDistances.Add(HitComputation.SelectRows(distances[reference][p], rows));
            stage.Advance(1);
        }
        stage.Complete();

        var dbAll = dbIds.SelectMany(x => x).ToArray();
        var refAll = refIds.SelectMany(x => x).ToArray();
        return new DatabaseCheck
        {
            Server = database.Server,
            Collections = database.Collections,
            SearchSettings = database.SearchSettings,
            QueriesPerPair = perPair,
            IngestSeconds = ingestSeconds,
            MeanSearchMilliseconds = database.MeanSearchMilliseconds,
            DatabaseHits = HitRates.Mean(dbDistances.Select(d => HitComputation.AtKappa(d, _settings.Kappa)).ToArray()),
            InProcessHits = HitRates.Mean(refDistances.Select(d => HitComputation.AtKappa(d, _settings.Kappa)).ToArray()),
            InProcessRanking = reference,
            MeanTop20Overlap = HitComputation.MeanOverlap(dbAll, refAll),
            Top1IdenticalRate = HitComputation.Top1IdenticalRate(dbAll, refAll),
        };
    }

    /// <summary>
    /// The seed of perturbation <paramref name="perturbation"/> on the queries of camera
    /// <paramref name="camera"/>: a fixed formula (HashCode.Combine is randomized per process,
    /// which would make runs irreproducible).
    /// </summary>
    internal static int PerturbationSeed(int seed, int perturbation, int camera) =>
        unchecked(seed * 31 + 1_000_003 * (perturbation + 1) + 7_919 * (camera + 1));

    /// <summary>A float option (0.1f) as the decimal the user typed (0.1), not 0.10000000149.</summary>
    private static double Exact(float value) => double.Parse(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);

    private void Accumulate(string name, double seconds) => _timings[name] = _timings.GetValueOrDefault(name) + seconds;

    private T Timed<T>(string name, Func<T> body)
    {
        var watch = Stopwatch.StartNew();
        var cpu = Environment.CpuUsage.TotalTime;
        var result = body();
        _timings[name] = watch.Elapsed.TotalSeconds;
        _timings[name + "_cpu"] = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        return result;
    }

    private void Timed(string name, Action body) => Timed(name, () =>
    {
        body();
        return 0;
    });
}
