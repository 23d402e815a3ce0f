using PoseSearch.Cli.Common;
using PoseSearch.Cli.Evaluation.Database;
using PoseSearch.Cli.Evaluation.Input;
using PoseSearch.Cli.Evaluation.Rankings;
using PoseSearch.Cli.Evaluation.Reports;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Metrics;
using PoseSearch.Core.Normalization;
using PoseSearch.Embedding;

namespace PoseSearch.Cli.Evaluation;

/// <summary>
/// The cross-view retrieval protocol (docs/method.md section 7; issue 5): near-duplicates
/// removed, every ordered camera pair, every ranking side by side, Hit@k over a kappa sweep.
/// The checks after it have classes of their own: <see cref="ShortlistAgreementCheck"/>,
/// <see cref="RobustnessRows"/>, <see cref="MirrorRows"/>,
/// <see cref="AmbiguityAnalysis"/>, <see cref="DatabaseComparison"/>; <see cref="EvalReportAssembler"/>
/// writes the report.
/// </summary>
internal sealed class EvalRunner
{
    private readonly EvalSettings _settings;
    private readonly PoseEmbedder? _embedder;
    private readonly IDatabaseIndex? _database;
    private readonly IProgressReporter _progress;
    private readonly EvalTimings _timings = new();

    /// <param name="embedder">Null for a model-free run (raw-2d ranking only).</param>
    /// <param name="database">Null unless --via-db.</param>
    public EvalRunner(EvalSettings settings, PoseEmbedder? embedder, IDatabaseIndex? database, IProgressReporter progress)
    {
        settings.Validate();
        _settings = settings;
        _embedder = embedder;
        _database = database;
        _progress = progress;
        if ((settings.NeedsModel || database is not null) && embedder is null)
        {
            throw new ArgumentException("the embedding rankings and --via-db need a model");
        }
    }

    public async Task<EvalReport> RunAsync(LoadedInput input, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var total = System.Diagnostics.Stopwatch.StartNew();
        var poses = input.Poses;

        var usable = _timings.Timed("validate", () => RowsWithEveryViewValid(poses));
        var withValidViews = poses.SelectPoses(usable);
        var kept = _timings.Timed("deduplicate", () => new NearDuplicateFilter().Keep(withValidViews, new NormalizedPoseSet(withValidViews.Poses3D),
            _settings.DuplicateThreshold, _settings.Threads, _progress, cancellationToken));
        if (kept.Count < 2)
        {
            throw new CliInputException($"only {kept.Count} distinct usable pose(s) left after removing rejected views and near-duplicates; at least 2 are needed");
        }

        var evaluated = withValidViews.SelectPoses(kept);

        var views = _timings.Timed("embed", () => Extract(evaluated, cancellationToken));
        var rankings = BuildRankings();
        var ranked = RankEveryPair(evaluated, views, rankings, cancellationToken);
        var results = rankings.Select(r => Summarize(r, ranked.Distances[r.Id], ranked.Pairs, evaluated.CameraNames, ranked.Kappas)).ToList();

        var shortlistCheck = _settings.ChecksShortlist
            ? _timings.Timed("shortlist-check", () => new ShortlistAgreementCheck(_settings, _embedder!.MatchModel, _progress).Run(ranked, cancellationToken))
            : null;
        var matchProbability = _settings.Rankings.Contains(MatchProbabilityRanking.RankingId);
        var corruptedAmbiguity = matchProbability ? new AmbiguityObservations() : null;
        var robustness = _settings.Perturbations.Count > 0
            ? _timings.Timed("robustness", () => new RobustnessRows(_settings, _embedder, _progress).Run(evaluated, rankings, ranked, cancellationToken, corruptedAmbiguity))
            : null;
        var mirror = matchProbability
            ? _timings.Timed("mirror", () => new MirrorRows(_settings, _embedder!, _progress).Run(evaluated, ranked, cancellationToken))
            : null;
        var ambiguity = matchProbability
            ? _timings.Timed("ambiguity", () => Ambiguity(ranked, corruptedAmbiguity!))
            : null;
        var database = _database is null
            ? null
            : await _timings.TimedAsync("database", () => new DatabaseComparison(_settings, _database, _progress).RunAsync(evaluated, ranked, cancellationToken)).ConfigureAwait(false);
        _timings.Set("total", total.Elapsed.TotalSeconds);
        // CPU time of the whole process so far: on a busy machine wall time alone says little.
        _timings.Set("process_cpu", Environment.CpuUsage.TotalTime.TotalSeconds);

        var findings = new EvalFindings
        {
            Selected = poses,
            WithEveryViewValid = usable.Count,
            Evaluated = evaluated,
            Ranked = ranked,
            Rankings = results,
            ShortlistCheck = shortlistCheck,
            Robustness = robustness,
            Mirror = mirror,
            Ambiguity = ambiguity,
            Database = database,
        };
        return EvalReportAssembler.Assemble(_settings, _embedder?.Card, input.Description, arguments, findings, _timings.Snapshot());
    }

    /// <summary>Ambiguity against failure on the clean queries and, when the robustness rows ran, with their corrupted queries pooled in.</summary>
    private AmbiguityResult Ambiguity(RankedPairs ranked, AmbiguityObservations corrupted)
    {
        var clean = AmbiguityAnalysis.FromRankedPairs(ranked, _embedder!.MatchModel, _settings.Kappa);
        var sets = new List<AmbiguitySet> { AmbiguityAnalysis.Summarize("clean queries", clean) };
        if (corrupted.Ambiguity.Count > 0)
        {
            var pooled = new AmbiguityObservations();
            pooled.AddRange(clean);
            pooled.AddRange(corrupted);
            sets.Add(AmbiguityAnalysis.Summarize("clean and corrupted queries (the robustness rows pooled)", pooled));
        }
        return new AmbiguityResult { Formula = AmbiguityAnalysis.Formula, Sets = sets };
    }

    private List<ViewFeatures> Extract(MultiViewPoses evaluated, CancellationToken cancellationToken)
    {
        var extractor = new FeatureExtractor(_embedder);
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
    }

    /// <summary>Every ranking on every ordered camera pair, each ranked list scored by the correctness oracle.</summary>
    private RankedPairs RankEveryPair(MultiViewPoses evaluated, IReadOnlyList<ViewFeatures> views, IReadOnlyList<IRanking> rankings, CancellationToken cancellationToken)
    {
        var oracle = new CorrectnessOracle(new NormalizedPoseSet(evaluated.Poses3D));
        var pairs = CameraPairs.Ordered(evaluated.CameraCount);
        var allRows = Enumerable.Range(0, evaluated.PoseCount).ToArray();
        var kappas = _settings.KappaSweep.Append(_settings.Kappa).Distinct().Order().ToArray();

        // ranked[ranking][pair] and distances[ranking][pair]: Q x Depth each.
        var ranked = rankings.ToDictionary(r => r.Id, _ => new int[pairs.Count][]);
        var distances = rankings.ToDictionary(r => r.Id, _ => new float[pairs.Count][]);
        _timings.Timed("rank", () =>
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
                    _timings.Accumulate($"rank_{ranking.Id}_cpu", (rankedCpu - cpu).TotalSeconds);
                    _timings.Accumulate("correctness_cpu", (Environment.CpuUsage.TotalTime - rankedCpu).TotalSeconds);
                    stage.Advance(1);
                }
            }
            stage.Complete();
        });
        return new RankedPairs(views, pairs, ranked, distances, oracle, kappas);
    }

    /// <summary>The rankings of <see cref="EvalSettings.Rankings"/>, in that order (the settings are validated: every id is known).</summary>
    private List<IRanking> BuildRankings() =>
        _settings.Rankings.Select(id => id switch
        {
            RawKeypointRanking.RankingId => (IRanking)new RawKeypointRanking(),
            EmbeddingMeanRanking.RankingId => new EmbeddingMeanRanking(),
            MatchProbabilityRanking.RankingId => new MatchProbabilityRanking(_embedder!.MatchModel, _settings.Shortlist),
            _ => throw new InvalidOperationException($"EvalSettings.Validate passed an unknown ranking '{id}'"),
        }).ToList();

    /// <summary>Rows whose every camera view passes the 2D normalization (enough visible anchors).</summary>
    private static List<int> RowsWithEveryViewValid(MultiViewPoses poses)
    {
        var ok = Enumerable.Repeat(true, poses.PoseCount).ToArray();
        var scratch = new float[poses.PoseCount * ModelJoints.CoordinateCount];
        var valid = new bool[poses.PoseCount];
        for (var c = 0; c < poses.CameraCount; c++)
        {
            PoseNormalizer2D.NormalizeBatch(poses.Keypoints[c], poses.Visibility[c], scratch, valid);
            for (var n = 0; n < valid.Length; n++)
            {
                ok[n] &= valid[n];
            }
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
            Sweep = kappas.Select((k, i) => new KappaPoint(EvalReportAssembler.Exact(k), HitRates.Mean(perPairSweep.Select(s => s[i]).ToArray()))).ToArray(),
            PerPair = pairs.Select((p, i) => new PairHits(cameras[p.Query], cameras[p.Index], perPairSweep[i][atKappa])).ToArray(),
        };
    }
}
