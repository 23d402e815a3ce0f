using System.CommandLine;
using PoseSearch.Cli.Common;
using PoseSearch.Cli.Operations.Synthesis;

namespace PoseSearch.Cli.CommandLine;

/// <summary>`posesearch synth`: a large synthetic collection (issue 6) for benchmarks and load tests.</summary>
internal static class SynthCommand
{
    private static readonly Option<FileInfo?> Dataset = new("--dataset") { Description = "3D pose dataset npz (default: training/data/bandai-30fps.npz of this repository)" };
    private static readonly Option<int> Count = new("--count") { Description = "number of 2D poses to make and load", DefaultValueFactory = _ => 1_000_000 };
    private static readonly Option<int> Seed = new("--seed") { Description = "seed of the random cameras and clip order", DefaultValueFactory = _ => 1 };
    private static readonly Option<int> Every = new("--every") { Description = "keep every n-th frame of each clip", DefaultValueFactory = _ => 1 };
    private static readonly Option<string?> Split = new("--split") { Description = "only rows of this split (train, val); default all" };
    private static readonly Option<string> Collection = new("--collection") { Description = "collection to create", DefaultValueFactory = _ => "synth" };
    private static readonly Option<bool> Replace = new("--replace") { Description = "delete an existing collection of that name first" };
    private static readonly Option<string> Connection = new("--connection") { Description = "PostgreSQL connection string", Required = true };
    private static readonly Option<string?> Model = new("--model") { Description = "model folder or .onnx (default: onnx-models/prvipe-v2-int8, else prvipe-v2, else prvipe-occlusion-v1, else random-tiny)" };
    private static readonly Option<int> Threads = new("--threads") { Description = "model threads (intra-op)", DefaultValueFactory = _ => Environment.ProcessorCount };
    private static readonly Option<int> EmbedBatch = new("--embed-batch") { Description = "poses per model run", DefaultValueFactory = _ => 1024 };
    private static readonly Option<int> CopyBatch = new("--copy-batch") { Description = "rows per COPY transaction", DefaultValueFactory = _ => 50_000 };
    private static readonly Option<IndexBuild> Index = new("--index") { Description = "AfterLoad: drop the HNSW index, load, build it once; DuringLoad: keep it (every row is inserted into the graph)", DefaultValueFactory = _ => IndexBuild.AfterLoad };
    private static readonly Option<CopyMode> Copy = new("--copy-mode") { Description = "Append: COPY straight into poses; Upsert: the API's staging-table upsert", DefaultValueFactory = _ => CopyMode.Append };
    private static readonly Option<int> HnswM = new("--hnsw-m") { Description = "HNSW m of the rebuilt index (the API's PoseSearch:Index:HnswM)", DefaultValueFactory = _ => new Storage.Migrations.SchemaParameters().HnswM };
    private static readonly Option<int> HnswEf = new("--hnsw-ef-construction") { Description = "HNSW ef_construction of the rebuilt index", DefaultValueFactory = _ => new Storage.Migrations.SchemaParameters().HnswEfConstruction };
    private static readonly Option<FileInfo?> Report = new("--report") { Description = "write the JSON report here too" };

    public static Command Create(TextWriter output, TextWriter error) =>
        CommandGuard.Guarded("synth", "Film the motion capture with random cameras, embed every pose and load them by binary COPY; reports poses/s of each stage and the HNSW build time.",
            [Dataset, Count, Seed, Every, Split, Collection, Replace, Connection, Model, Threads, EmbedBatch, CopyBatch, Index, Copy, HnswM, HnswEf, Report],
            (parse, cancellationToken) => RunAsync(parse, output, error, cancellationToken), error);

    /// <summary>training/data/bandai-30fps.npz of the repository holding the working directory.</summary>
    /// <exception cref="FileNotFoundException">It was never imported (a fresh clone): the message says how.</exception>
    public static string DefaultDataset()
    {
        var path = Path.Combine(Core.IO.SharedDataLocator.FindRepositoryRoot(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory(),
            "training", "data", "bandai-30fps.npz");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"{path} is missing: import it once with deploy/scripts/ensure-mocap.sh " +
                "(cd training && $PYTHON -m posesearch_training import-mocap --source bandai), or pass --dataset", path);
    }

    private static async Task<int> RunAsync(ParseResult parse, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var settings = new SynthSettings
        {
            Dataset = parse.GetValue(Dataset)?.FullName ?? DefaultDataset(),
            Plan = new SynthesisPlan
            {
                Count = parse.GetValue(Count),
                Seed = parse.GetValue(Seed),
                Every = parse.GetValue(Every),
                Split = parse.GetValue(Split),
            },
            Collection = parse.GetValue(Collection)!,
            Replace = parse.GetValue(Replace),
            Connection = parse.GetValue(Connection)!,
            Model = parse.GetValue(Model),
            Threads = parse.GetValue(Threads),
            EmbedBatch = parse.GetValue(EmbedBatch),
            CopyBatch = parse.GetValue(CopyBatch),
            Index = parse.GetValue(Index),
            Copy = parse.GetValue(Copy),
            HnswM = parse.GetValue(HnswM),
            HnswEfConstruction = parse.GetValue(HnswEf),
            ReportPath = parse.GetValue(Report)?.FullName,
        };
        settings.Validate();

        using var embedder = CommandModel.Load(settings.Model, settings.Threads, maxBatch: settings.EmbedBatch);
        await using var storage = await StorageConnection.OpenAsync(settings.Connection, embedder.Card, cancellationToken).ConfigureAwait(false);
        var report = await SpectreProgress.RunAsync(SpectreProgress.ErrorConsole(error), progress =>
            new SynthRunner(embedder, storage, progress, error).RunAsync(settings, cancellationToken)).ConfigureAwait(false);

        var json = report.ToJson();
        if (settings.ReportPath is { } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, json + Environment.NewLine, cancellationToken).ConfigureAwait(false);
        }
        await output.WriteLineAsync(json).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
