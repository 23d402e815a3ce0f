using System.CommandLine;
using PoseSearch.Cli.Common;
using PoseSearch.Cli.Evaluation.Sequences;
using PoseSearch.Storage.Sequences;

namespace PoseSearch.Cli.CommandLine;

/// <summary>`posesearch eval-sequence-search`: segment retrieval across views through the service's sequence search (docs/benchmarks.md, "Sequence search").</summary>
internal static class EvalSequenceSearchCommand
{
    private static readonly Option<FileInfo[]> Datasets = new("--dataset") { Description = "3D pose dataset npz with clip ids and frame numbers (repeat for several)", Required = true };
    private static readonly Option<string> Rig = new("--rig") { Description = "camera rig JSON the clips are projected through", Required = true };
    private static readonly Option<string> Subject = new("--subject") { Description = "which extrinsics of the rig to use", DefaultValueFactory = _ => "S9" };
    private static readonly Option<string> ExcludeSplit = new("--exclude-split") { Description = "leave out rows of this split ('none' keeps all)", DefaultValueFactory = _ => "train" };
    private static readonly Option<string> Connection = new("--connection") { Description = "PostgreSQL connection string", Required = true };
    private static readonly Option<string> Collection = new("--collection") { Description = "collection to (re-)create and fill; kept when it already holds the same number of poses of the same model (a rerun)", DefaultValueFactory = _ => "eval-sequence-search" };
    private static readonly Option<int> MaxPoses = new("--max-poses") { Description = "stored poses (whole clips in seeded order, x stored cameras)", DefaultValueFactory = _ => 100_000 };
    private static readonly Option<int> QueryCamera = new("--query-camera") { Description = "index of the rig camera the queries are seen from; the others are stored", DefaultValueFactory = _ => 3 };
    private static readonly Option<int> Queries = new("--queries") { Description = "query clips", DefaultValueFactory = _ => 200 };
    private static readonly Option<int> ClipFrames = new("--clip-frames") { Description = "frames of a query clip", DefaultValueFactory = _ => 40 };
    private static readonly Option<int> K = new("--k") { Description = "segments returned per query", DefaultValueFactory = _ => 5 };
    private static readonly Option<int> CandidatesPerFrame = new("--candidates-per-frame") { Description = "index hits kept per shortlisted query frame", DefaultValueFactory = _ => new SegmentSearchOptions().CandidatesPerFrame };
    private static readonly Option<int> MaxWindows = new("--max-windows") { Description = "track windows verified by DTW per query", DefaultValueFactory = _ => new SegmentSearchOptions().MaxWindows };
    private static readonly Option<int> Seed = new("--seed") { Description = "seed of the clip order and the queries", DefaultValueFactory = _ => 1234 };
    private static readonly Option<string?> Model = new("--model") { Description = "model folder or .onnx (default: onnx-models/prvipe-v2-int8, else prvipe-v2, else prvipe-occlusion-v1, else random-tiny)" };
    private static readonly Option<string?> TemporalModel = new("--temporal-model") { Description = "temporal model folder or .onnx: builds the collection's windows (reused when current) and searches every query a second time shortlisted through them" };
    private static readonly Option<int> Threads = new("--threads") { Description = "model threads", DefaultValueFactory = _ => 2 };
    private static readonly Option<string?> Out = new("--out") { Description = "output prefix: PREFIX.json, PREFIX.md (default eval-results/sequence-search)" };

    public static Command Create(TextWriter output, TextWriter error) =>
        CommandGuard.Guarded("eval-sequence-search",
            "Segment retrieval across views: stores held-out mocap clips as tracks seen by all cameras but one, and finds clips seen by that camera with the sequence search.",
            [Datasets, Rig, Subject, ExcludeSplit, Connection, Collection, MaxPoses, QueryCamera, Queries, ClipFrames, K, CandidatesPerFrame, MaxWindows, Seed, Model, TemporalModel, Threads, Out],
            (parse, cancellationToken) => RunAsync(parse, output, error, cancellationToken), error);

    private static async Task<int> RunAsync(ParseResult parse, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var datasets = parse.GetValue(Datasets)!;
        foreach (var file in datasets.Where(f => !f.Exists))
        {
            throw new CliInputException($"--dataset: file '{file.FullName}' does not exist");
        }

        var excluded = parse.GetValue(ExcludeSplit)!;
        var settings = new SegmentRetrievalSettings
        {
            // Relative to the working directory, as typed: the report must not carry this machine's paths.
            Datasets = datasets.Select(f => Path.GetRelativePath(Directory.GetCurrentDirectory(), f.FullName)).ToArray(),
            Rig = parse.GetValue(Rig)!,
            Subject = parse.GetValue(Subject)!,
            ExcludeSplit = excluded.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : excluded,
            Collection = parse.GetValue(Collection)!,
            MaxPoses = parse.GetValue(MaxPoses),
            QueryCamera = parse.GetValue(QueryCamera),
            Queries = parse.GetValue(Queries),
            ClipFrames = parse.GetValue(ClipFrames),
            K = parse.GetValue(K),
            Seed = parse.GetValue(Seed),
            Search = new SegmentSearchOptions { CandidatesPerFrame = parse.GetValue(CandidatesPerFrame), MaxWindows = parse.GetValue(MaxWindows) },
        };
        if (settings.Search.CandidatesPerFrame < 1 || settings.Search.MaxWindows < 1)
        {
            throw new CliInputException("--candidates-per-frame and --max-windows must be >= 1");
        }

        using var embedder = CommandModel.Load(parse.GetValue(Model), Math.Max(1, parse.GetValue(Threads)), maxBatch: 4096);
        await using var storage = await StorageConnection.OpenAsync(parse.GetValue(Connection)!, embedder.Card, cancellationToken).ConfigureAwait(false);
        var arguments = parse.Tokens.Select(t => t.Value)
            .Select(a => a.Contains("Password", StringComparison.OrdinalIgnoreCase) ? "\"$CONNECTION\"" : a).ToArray();
        using var temporal = parse.GetValue(TemporalModel) is { } temporalPath
            ? CommandModel.LoadTemporal(temporalPath, Math.Max(1, parse.GetValue(Threads)), maxBatch: PoseWindowBuilder.BatchSize)
            : null;
        var report = await SpectreProgress.RunAsync(SpectreProgress.ErrorConsole(error), progress =>
            new SegmentRetrievalBenchmark(embedder, storage, progress, temporal).RunAsync(settings, arguments, cancellationToken)).ConfigureAwait(false);

        var prefix = parse.GetValue(Out) ?? Path.Combine("eval-results", "sequence-search");
        var directory = Path.GetDirectoryName(Path.GetFullPath(prefix));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        SegmentRetrievalReportWriter.WriteAll(report, prefix);
        await output.WriteLineAsync(FormattableString.Invariant(
            $"Sequence search at {report.Poses:N0} poses: Hit@1 {100 * report.HitAt1:0.0} %, Hit@{report.K} {100 * report.HitAtK:0.0} %, latency p50 {report.LatencyP50Ms:0} ms / p95 {report.LatencyP95Ms:0} ms{(report.WithWindows is { } w ? $"; with windows Hit@1 {100 * w.HitAt1:0.0} %, Hit@{report.K} {100 * w.HitAtK:0.0} %, p50 {w.LatencyP50Ms:0} ms / p95 {w.LatencyP95Ms:0} ms" : "")}; wrote {prefix}.json, .md")).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
