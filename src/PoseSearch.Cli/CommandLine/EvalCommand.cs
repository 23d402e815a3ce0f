using System.CommandLine;
using PoseSearch.Cli.Common;
using PoseSearch.Cli.Evaluation;
using PoseSearch.Cli.Evaluation.Database;
using PoseSearch.Cli.Evaluation.Input;
using PoseSearch.Cli.Evaluation.Perturbations;
using PoseSearch.Cli.Evaluation.Rankings;
using PoseSearch.Cli.Evaluation.Reports;
using PoseSearch.Storage;

namespace PoseSearch.Cli.CommandLine;

/// <summary>`posesearch eval`: the cross-view retrieval benchmark (issue 5, docs/eval-output.md).</summary>
internal static class EvalCommand
{
    private static readonly Option<string?> Dataset = new("--dataset") { Description = "3D pose dataset (npz of docs/data-formats.md), projected through --rig" };
    private static readonly Option<string?> Rig = new("--rig") { Description = "camera rig JSON (docs/data-formats.md), with --dataset" };
    private static readonly Option<string> Subject = new("--subject") { Description = "which extrinsics of the rig to use", DefaultValueFactory = _ => "S9" };
    private static readonly Option<string?> Split = new("--split") { Description = "keep only rows of this split (train, val, test) of --dataset" };
    private static readonly Option<int> MaxPoses = new("--max-poses") { Description = "seeded random subsample of this many poses (0 = all), before near-duplicate removal", DefaultValueFactory = _ => 0 };
    private static readonly Option<string?> MultiView = new("--multiview") { Description = "multi-view 2D detections with 3D poses (npz of docs/data-formats.md) instead of --dataset" };
    private static readonly Option<string?> Model = new("--model") { Description = "model folder or .onnx (default: onnx-models/prvipe-v2-int8, else prvipe-v2, else prvipe-occlusion-v1, else random-tiny)" };
    private static readonly Option<string> Rankings = new("--rankings") { Description = "rankings to run: raw-2d, mean-l2, match-prob (raw-2d alone needs no model)", DefaultValueFactory = _ => "raw-2d,mean-l2,match-prob" };
    private static readonly Option<double> Kappa = new("--kappa") { Description = "NP-MPJPE threshold of a correct match", DefaultValueFactory = _ => 0.1 };
    private static readonly Option<string> KappaSweep = new("--kappa-sweep") { Description = "kappas of the Hit@k curve", DefaultValueFactory = _ => "0.05,0.075,0.1,0.125,0.15,0.175,0.2,0.225,0.25,0.275,0.3" };
    private static readonly Option<double> DuplicateThreshold = new("--duplicate-threshold") { Description = "NP-MPJPE below which a pose duplicates a kept one (0 keeps all)", DefaultValueFactory = _ => 0.02 };
    private static readonly Option<int> Shortlist = new("--shortlist") { Description = "candidates (nearest by mean L2) on which the match probability is computed", DefaultValueFactory = _ => 100 };
    private static readonly Option<int> AgreementQueries = new("--agreement-queries") { Description = "queries, in all, on which the shortlist is checked against a full ranking (0 skips)", DefaultValueFactory = _ => 240 };
    private static readonly Option<string> Noise = new("--noise") { Description = "Gaussian pixel noise sigmas for robustness rows ('none' skips)", DefaultValueFactory = _ => "2,5,10" };
    private static readonly Option<string> Dropout = new("--dropout") { Description = "random joint dropout probabilities for robustness rows ('none' skips)", DefaultValueFactory = _ => "0.1,0.2" };
    private static readonly Option<string> Occlude = new("--occlude") { Description = "body parts missing for robustness rows: arm, leg, lower-body ('none' skips)", DefaultValueFactory = _ => "arm,lower-body" };
    private static readonly Option<int> RobustnessQueries = new("--robustness-queries") { Description = "seeded sample of queries per camera for the robustness rows (0 = all)", DefaultValueFactory = _ => 500 };
    private static readonly Option<string?> ViaDb = new("--via-db") { Description = "PostgreSQL connection string: also rank through the service's own two-stage search" };
    private static readonly Option<int> DbQueries = new("--db-queries") { Description = "seeded sample of queries per camera pair sent through the database (0 = all)", DefaultValueFactory = _ => 500 };
    private static readonly Option<int> DbCandidates = new("--db-candidates") { Description = "HNSW candidates re-ranked by the database search (the API's PoseSearch:Search:Candidates)", DefaultValueFactory = _ => new SearchOptions().Candidates };
    private static readonly Option<int> DbEfSearch = new("--db-ef-search") { Description = "hnsw.ef_search of the database search (the API's PoseSearch:Search:EfSearch)", DefaultValueFactory = _ => new SearchOptions().EfSearch };
    private static readonly Option<string> DbPrefix = new("--db-collection-prefix") { Description = "prefix of the per-camera collections --via-db creates (and drops)", DefaultValueFactory = _ => "eval" };
    private static readonly Option<bool> KeepDbCollections = new("--keep-db-collections") { Description = "keep the --via-db collections after the run" };
    private static readonly Option<int> Seed = new("--seed") { Description = "seed of every random choice", DefaultValueFactory = _ => 1234 };
    private static readonly Option<int> Threads = new("--threads") { Description = "worker threads (ranking, model)", DefaultValueFactory = _ => 2 };
    private static readonly Option<string?> Out = new("--out") { Description = "output path prefix: writes PREFIX.json, PREFIX.md, PREFIX.png (default eval-results/<input name>)" };

    public static Command Create(TextWriter output, TextWriter error) =>
        CommandGuard.Guarded("eval", "Cross-view pose retrieval benchmark: Hit@k of every ranking over all ordered camera pairs.",
            [
                Dataset, Rig, Subject, Split, MaxPoses, MultiView, Model, Rankings, Kappa, KappaSweep, DuplicateThreshold,
                Shortlist, AgreementQueries, Noise, Dropout, Occlude, RobustnessQueries, ViaDb, DbQueries, DbCandidates,
                DbEfSearch, DbPrefix, KeepDbCollections, Seed, Threads, Out,
            ],
            (parse, cancellationToken) => RunAsync(parse, output, error, cancellationToken), error);

    private static async Task<int> RunAsync(ParseResult parse, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var settings = ReadSettings(parse);
        var threads = settings.Threads;
        var request = new EvalInputRequest
        {
            Dataset = parse.GetValue(Dataset),
            Rig = parse.GetValue(Rig),
            Subject = parse.GetValue(Subject)!,
            Split = parse.GetValue(Split),
            MaxPoses = parse.GetValue(MaxPoses),
            MultiView = parse.GetValue(MultiView),
            Seed = settings.Seed,
        };
        var input = EvalInputLoader.Load(request);

        using var embedder = settings.NeedsModel ? CommandModel.Load(parse.GetValue(Model), threads, maxBatch: 4096) : null;

        await using var storage = settings.DatabaseConnection is { } connection
            ? await StorageConnection.OpenAsync(connection, embedder!.Card, cancellationToken).ConfigureAwait(false)
            : null;
        await using var database = storage is null ? null : new EvalDatabaseIndex(storage, embedder!.MatchModel,
            new SearchOptions { Candidates = parse.GetValue(DbCandidates), EfSearch = parse.GetValue(DbEfSearch), LargeCollectionPoses = 0 },
            settings.DatabaseCollectionPrefix, parse.GetValue(KeepDbCollections));

        var report = await SpectreProgress.RunAsync(SpectreProgress.ErrorConsole(error), progress =>
            new EvalRunner(settings, embedder, database, progress)
                .RunAsync(input, RedactedArguments(parse), cancellationToken)).ConfigureAwait(false);

        var prefix = parse.GetValue(Out) ?? Path.Combine("eval-results", Path.GetFileNameWithoutExtension(input.Description.Path));
        var directory = Path.GetDirectoryName(Path.GetFullPath(prefix));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        JsonReportWriter.Write(report, prefix + ".json");
        await File.WriteAllTextAsync(prefix + ".md", MarkdownReportWriter.Render(report), cancellationToken).ConfigureAwait(false);
        HitPlotWriter.Write(report, prefix + ".png");
        if (report.Ambiguity is { } ambiguity)
        {
            AmbiguityPlotWriter.Write(report, ambiguity, prefix + "-ambiguity.png");
        }

        await output.WriteLineAsync($"{MarkdownReportWriter.SummaryLine(report)}; wrote {prefix}.json, .md, .png").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>The arguments for the report, with the connection string (it may hold a password) left out.</summary>
    private static string[] RedactedArguments(ParseResult parse)
    {
        var tokens = parse.Tokens.Select(t => t.Value).ToArray();
        for (var i = 1; i < tokens.Length; i++)
        {
            if (tokens[i - 1] == ViaDb.Name)
            {
                tokens[i] = "(connection string: see database.server)";
            }
        }

        return tokens;
    }

    private static EvalSettings ReadSettings(ParseResult parse)
    {
        var rankings = ListOption.Items(parse.GetValue(Rankings));
        EvalSettings.CheckRankings(rankings);

        var kappa = parse.GetValue(Kappa);
        if (!(kappa > 0))
        {
            throw new CliInputException($"--kappa must be > 0, got {kappa}");
        }

        var shortlist = parse.GetValue(Shortlist);
        if (shortlist < EvalSettings.Depth)
        {
            throw new CliInputException($"--shortlist must be at least {EvalSettings.Depth} (the deepest Hit@k), got {shortlist}");
        }

        var threads = parse.GetValue(Threads);
        if (threads < 1)
        {
            throw new CliInputException($"--threads must be >= 1, got {threads}");
        }

        foreach (var (option, value) in new[] { ("--agreement-queries", parse.GetValue(AgreementQueries)), ("--robustness-queries", parse.GetValue(RobustnessQueries)), ("--db-queries", parse.GetValue(DbQueries)), ("--max-poses", parse.GetValue(MaxPoses)) })
        {
            if (value < 0)
            {
                throw new CliInputException($"{option} must be >= 0, got {value}");
            }
        }

        var viaDb = parse.GetValue(ViaDb);
        EvalSettings.CheckDatabaseReference(rankings, viaDb);

        var perturbations = new List<QueryPerturbation>();
        perturbations.AddRange(ListOption.Numbers("--noise", parse.GetValue(Noise), 0, 1000).Select(s => new GaussianNoisePerturbation(s)));
        perturbations.AddRange(ListOption.Numbers("--dropout", parse.GetValue(Dropout), 0, 1).Select(p => new RandomDropoutPerturbation(p)));
        foreach (var part in ListOption.Items(parse.GetValue(Occlude)))
        {
            try
            {
                perturbations.Add(new StructuredDropoutPerturbation(BodyParts.Parse(part)));
            }
            catch (ArgumentException e)
            {
                throw new CliInputException($"--occlude: {e.Message}");
            }
        }

        var sweep = ListOption.Numbers("--kappa-sweep", parse.GetValue(KappaSweep), 1e-6, 10).Select(k => (float)k).ToArray();
        if (sweep.Length == 0)
        {
            throw new CliInputException("--kappa-sweep needs at least one kappa");
        }

        return new EvalSettings
        {
            Kappa = (float)kappa,
            KappaSweep = sweep,
            DuplicateThreshold = (float)parse.GetValue(DuplicateThreshold),
            Rankings = rankings,
            Shortlist = shortlist,
            AgreementQueries = rankings.Contains(MatchProbabilityRanking.RankingId) ? parse.GetValue(AgreementQueries) : 0,
            Perturbations = perturbations,
            RobustnessQueries = parse.GetValue(RobustnessQueries),
            DatabaseConnection = viaDb,
            DatabaseQueries = parse.GetValue(DbQueries),
            DatabaseCollectionPrefix = parse.GetValue(DbPrefix)!,
            Seed = parse.GetValue(Seed),
            Threads = threads,
        };
    }

}
