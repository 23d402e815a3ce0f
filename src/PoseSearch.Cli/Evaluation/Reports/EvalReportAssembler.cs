using System.Globalization;
using PoseSearch.Cli.Evaluation.Input;
using PoseSearch.Cli.Evaluation.Rankings;
using PoseSearch.Embedding;

namespace PoseSearch.Cli.Evaluation.Reports;

/// <summary>What the protocol found, ready to be put in the report.</summary>
internal sealed record EvalFindings
{
    /// <summary>The poses as read and sampled, before any were dropped.</summary>
    public required MultiViewPoses Selected { get; init; }

    /// <summary>How many of <see cref="Selected"/> had every view usable.</summary>
    public required int WithEveryViewValid { get; init; }

    /// <summary>The poses evaluated: every view usable, near-duplicates removed.</summary>
    public required MultiViewPoses Evaluated { get; init; }

    public required RankedPairs Ranked { get; init; }
    public required IReadOnlyList<RankingResult> Rankings { get; init; }
    public ShortlistCheck? ShortlistCheck { get; init; }
    public RobustnessResult? Robustness { get; init; }
    public MirrorResult? Mirror { get; init; }
    public AmbiguityResult? Ambiguity { get; init; }
    public DatabaseCheck? Database { get; init; }
}

/// <summary>Puts the report together: where the poses came from, the model, the protocol's parameters and the findings.</summary>
internal static class EvalReportAssembler
{
    public static EvalReport Assemble(EvalSettings settings, ModelCard? model, InputDescription input, IReadOnlyList<string> arguments,
        EvalFindings findings, IReadOnlyDictionary<string, double> timings)
    {
        var evaluated = findings.Evaluated;
        var pairs = findings.Ranked.Pairs;
        return new EvalReport
        {
            Tool = "posesearch eval",
            CreatedUtc = DateTimeOffset.UtcNow,
            Arguments = arguments,
            Input = new InputSummary
            {
                Kind = input.Kind,
                Path = input.Path,
                Rig = input.Rig,
                Subject = input.Subject,
                Split = input.Split,
                MaxPoses = input.MaxPoses,
                Cameras = evaluated.CameraNames,
                PosesRead = input.PosesRead,
                PosesSelected = findings.Selected.PoseCount,
                PosesWithRejectedView = findings.Selected.PoseCount - findings.WithEveryViewValid,
                PosesEvaluated = evaluated.PoseCount,
                ViewsRefusedByModel = findings.Ranked.Views.Sum(v => v.RefusedByModel),
                DuplicateThreshold = Exact(settings.DuplicateThreshold),
            },
            Model = model is null ? null : new ModelSummary(model.Name, model.Variant, model.Sha256, model.EmbeddingDim, model.NumSamples, model.License),
            Protocol = new ProtocolSummary
            {
                Kappa = Exact(settings.Kappa),
                KappaSweep = findings.Ranked.Kappas.Select(Exact).ToArray(),
                Ks = EvalSettings.Ks,
                CameraPairs = pairs.Select(p => new CameraPair(evaluated.CameraNames[p.Query], evaluated.CameraNames[p.Index])).ToArray(),
                QueriesPerPair = evaluated.PoseCount,
                IndexSizePerCamera = evaluated.PoseCount,
                ShortlistSize = settings.Rankings.Contains(MatchProbabilityRanking.RankingId) ? settings.Shortlist : null,
                Seed = settings.Seed,
                Threads = settings.Threads,
                Correctness = "NP-MPJPE (retrieved 3D pose aligned to the query's by a similarity Procrustes fit, mean over 17 joints, torso-normalized units) < kappa",
            },
            Rankings = findings.Rankings,
            ShortlistCheck = findings.ShortlistCheck,
            Robustness = findings.Robustness,
            Mirror = findings.Mirror,
            Ambiguity = findings.Ambiguity,
            Database = findings.Database,
            TimingsSeconds = new Dictionary<string, double>(timings),
        };
    }

    /// <summary>A float option (0.1f) as the decimal the user typed (0.1), not 0.10000000149.</summary>
    public static double Exact(float value) => double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
