namespace PoseSearch.Cli.Evaluation.Reports;

// The JSON written by `posesearch eval --out`: docs/eval-output.md documents every field.
// Property names are written in snake_case. Hit rates are fractions in [0, 1].

/// <summary>The whole evaluation result (schema version <see cref="CurrentSchemaVersion"/>).</summary>
internal sealed record EvalReport
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required string Tool { get; init; }
    public required DateTimeOffset CreatedUtc { get; init; }
    public required IReadOnlyList<string> Arguments { get; init; }
    public required InputSummary Input { get; init; }
    public ModelSummary? Model { get; init; }
    public required ProtocolSummary Protocol { get; init; }
    public required IReadOnlyList<RankingResult> Rankings { get; init; }
    public ShortlistCheck? ShortlistCheck { get; init; }
    public RobustnessResult? Robustness { get; init; }
    public MirrorResult? Mirror { get; init; }
    public AmbiguityResult? Ambiguity { get; init; }
    public DatabaseCheck? Database { get; init; }
    public required IReadOnlyDictionary<string, double> TimingsSeconds { get; init; }
}

/// <summary>Hit@1, Hit@10 and Hit@20.</summary>
internal sealed record HitRates(double HitAt1, double HitAt10, double HitAt20)
{
    public static HitRates FromList(IReadOnlyList<double> rates) => new(rates[0], rates[1], rates[2]);

    public IReadOnlyList<double> ToList() => [HitAt1, HitAt10, HitAt20];

    public static HitRates Mean(IReadOnlyCollection<HitRates> items) => items.Count == 0
        ? throw new ArgumentException("no hit rates to average")
        : new(items.Average(h => h.HitAt1), items.Average(h => h.HitAt10), items.Average(h => h.HitAt20));
}

internal sealed record InputSummary
{
    /// <summary>"dataset" (3D poses projected through a rig) or "multiview" (2D detections).</summary>
    public required string Kind { get; init; }
    public required string Path { get; init; }
    public string? Rig { get; init; }
    public string? Subject { get; init; }
    public string? Split { get; init; }
    public int? MaxPoses { get; init; }
    public required IReadOnlyList<string> Cameras { get; init; }
    public required int PosesRead { get; init; }
    public required int PosesSelected { get; init; }
    public required int PosesWithRejectedView { get; init; }
    public required int PosesEvaluated { get; init; }
    /// <summary>Views (pose x camera) the model could not embed (stddev 0 or non-finite): misses as queries, absent from the index.</summary>
    public required int ViewsRefusedByModel { get; init; }
    public required double DuplicateThreshold { get; init; }
}

internal sealed record ModelSummary(string Name, string Variant, string Sha256, int EmbeddingDim, int NumSamples, string License);

internal sealed record ProtocolSummary
{
    public required double Kappa { get; init; }
    public required IReadOnlyList<double> KappaSweep { get; init; }
    public required IReadOnlyList<int> Ks { get; init; }
    public required IReadOnlyList<CameraPair> CameraPairs { get; init; }
    public required int QueriesPerPair { get; init; }
    public required int IndexSizePerCamera { get; init; }
    public int? ShortlistSize { get; init; }
    public required int Seed { get; init; }
    public required int Threads { get; init; }
    public required string Correctness { get; init; }
}

internal sealed record CameraPair(string QueryCamera, string IndexCamera);

internal sealed record RankingResult
{
    public required string Id { get; init; }
    public required string Description { get; init; }
    /// <summary>Averaged over the camera pairs, at the protocol's kappa.</summary>
    public required HitRates Hits { get; init; }
    public required IReadOnlyList<KappaPoint> Sweep { get; init; }
    public required IReadOnlyList<PairHits> PerPair { get; init; }
}

internal sealed record KappaPoint(double Kappa, HitRates Hits);

internal sealed record PairHits(string QueryCamera, string IndexCamera, HitRates Hits);

/// <summary>The shortlist's match-probability ranking against a full one on a sample of queries.</summary>
internal sealed record ShortlistCheck
{
    public required int ShortlistSize { get; init; }
    public required int Queries { get; init; }
    /// <summary>(query, k, kappa) outcomes compared: queries x 3 x the sweep's kappas.</summary>
    public required int Comparisons { get; init; }
    public required int Agreements { get; init; }
    public required double AgreementRate { get; init; }
    public required double Top1IdenticalRate { get; init; }
    public required double MeanTop20Overlap { get; init; }
    public required HitRates ShortlistHits { get; init; }
    public required HitRates FullHits { get; init; }
}

internal sealed record RobustnessResult
{
    public required int QueriesPerPair { get; init; }
    public required IReadOnlyList<RobustnessRow> Rows { get; init; }
}

internal sealed record RobustnessRow
{
    public required string Perturbation { get; init; }
    public required string Description { get; init; }
    /// <summary>Share of perturbed queries with too few visible anchors: they count as misses.</summary>
    public required double RejectedQueryRate { get; init; }
    public required IReadOnlyDictionary<string, HitRates> Hits { get; init; }
}

/// <summary>The service's own two-stage search through PostgreSQL against the in-process ranking.</summary>
internal sealed record DatabaseCheck
{
    public required string Server { get; init; }
    public required IReadOnlyList<string> Collections { get; init; }
    public required string SearchSettings { get; init; }
    public required int QueriesPerPair { get; init; }
    public required double IngestSeconds { get; init; }
    public required double MeanSearchMilliseconds { get; init; }
    public required HitRates DatabaseHits { get; init; }
    public required HitRates InProcessHits { get; init; }
    public required string InProcessRanking { get; init; }
    public required double MeanTop20Overlap { get; init; }
    public required double Top1IdenticalRate { get; init; }
}

/// <summary>Mirror-aware search measured (<see cref="MirrorRows"/>), match probability ranking.</summary>
internal sealed record MirrorResult
{
    public required int QueriesPerPair { get; init; }
    public required IReadOnlyList<MirrorRow> Rows { get; init; }
}

internal sealed record MirrorRow
{
    public required string Id { get; init; }
    /// <summary>"as seen" or "mirrored".</summary>
    public required string Queries { get; init; }
    /// <summary>"plain" or "mirror-aware".</summary>
    public required string Search { get; init; }
    public required string Truth { get; init; }
    public required HitRates Hits { get; init; }
}

/// <summary>Ambiguity against retrieval failure (<see cref="AmbiguityAnalysis"/>).</summary>
internal sealed record AmbiguityResult
{
    public required string Formula { get; init; }
    public required IReadOnlyList<AmbiguitySet> Sets { get; init; }
}

internal sealed record AmbiguitySet
{
    public required string Name { get; init; }
    public required int Queries { get; init; }
    /// <summary>Spearman rho between ambiguity and Hit@1 (1 = hit); negative when ambiguous queries fail more; null when either is constant.</summary>
    public required double? SpearmanWithHitAt1 { get; init; }
    /// <summary>AUROC of ambiguity as a predictor of a Hit@1 miss (0.5 = no information); null without both hits and misses.</summary>
    public required double? FailureAuroc { get; init; }
    public required IReadOnlyList<AmbiguityBin> Deciles { get; init; }
}

internal sealed record AmbiguityBin
{
    public required int Bin { get; init; }
    public required double MinAmbiguity { get; init; }
    public required double MaxAmbiguity { get; init; }
    public required double MeanAmbiguity { get; init; }
    public required int Queries { get; init; }
    public required double HitAt1 { get; init; }
}
