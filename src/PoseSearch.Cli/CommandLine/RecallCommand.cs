using System.CommandLine;
using System.Globalization;
using PoseSearch.Cli.Common;
using PoseSearch.Cli.Operations.Recall;
using PoseSearch.Storage;

namespace PoseSearch.Cli.CommandLine;

/// <summary>`posesearch recall`: recall@k of the two-stage search against the exact ranking, and its latency (issue 6).</summary>
internal static class RecallCommand
{
    private static readonly Option<string> Connection = new("--connection") { Description = "PostgreSQL connection string", Required = true };
    private static readonly Option<string> Collection = new("--collection") { Description = "collection to search (e.g. one made by posesearch synth)", DefaultValueFactory = _ => "synth" };
    private static readonly Option<FileInfo?> Dataset = new("--dataset") { Description = "3D pose dataset the queries are filmed from (default: training/data/bandai-30fps.npz)" };
    private static readonly Option<string> Split = new("--split") { Description = "split of the query frames ('all' for every row)", DefaultValueFactory = _ => "val" };
    private static readonly Option<string?> Model = new("--model") { Description = "model folder or .onnx: the one the collection was embedded with" };
    private static readonly Option<int> Queries = new("--queries") { Description = "number of queries", DefaultValueFactory = _ => 100 };
    private static readonly Option<int> Seed = new("--seed") { Description = "seed of the query cameras and sample (use another than synth's)", DefaultValueFactory = _ => 2 };
    private static readonly Option<int> K = new("--k") { Description = "recall@k", DefaultValueFactory = _ => 10 };
    private static readonly Option<string> Candidates = new("--candidates") { Description = "candidate counts C to measure", DefaultValueFactory = _ => "10,20,50,100,200,400" };
    private static readonly Option<string> EfSearch = new("--ef-search") { Description = "hnsw.ef_search values to measure (the service raises ef_search to C)", DefaultValueFactory = _ => "40,100,200,400" };
    private static readonly Option<int> Threads = new("--threads") { Description = "threads of the exact ranking", DefaultValueFactory = _ => Environment.ProcessorCount };
    private static readonly Option<string?> Out = new("--out") { Description = "output prefix: PREFIX.json and PREFIX.png (default perf-results/recall-<collection>)" };

    public static Command Create(TextWriter output, TextWriter error) =>
        CommandGuard.Guarded("recall", "Recall@k of the two-stage search (HNSW candidates + exact re-rank) against the exact match-probability ranking over the whole collection, and its latency, as C and ef_search vary.",
            [Connection, Collection, Dataset, Split, Model, Queries, Seed, K, Candidates, EfSearch, Threads, Out],
            (parse, cancellationToken) => RunAsync(parse, output, error, cancellationToken), error);

    private static async Task<int> RunAsync(ParseResult parse, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var collection = parse.GetValue(Collection)!;
        var split = parse.GetValue(Split)!;
        var defaults = new SearchOptions();
        var settings = new RecallSettings
        {
            Connection = parse.GetValue(Connection)!,
            Collection = collection,
            Dataset = parse.GetValue(Dataset)?.FullName ?? SynthCommand.DefaultDataset(),
            Model = parse.GetValue(Model),
            QuerySplit = split.Equals("all", StringComparison.OrdinalIgnoreCase) ? null : split,
            Queries = parse.GetValue(Queries),
            Seed = parse.GetValue(Seed),
            K = parse.GetValue(K),
            Candidates = ParseInts(parse.GetValue(Candidates)!, "--candidates"),
            EfSearch = ParseInts(parse.GetValue(EfSearch)!, "--ef-search"),
            DefaultCandidates = defaults.Candidates,
            DefaultEfSearch = defaults.EfSearch,
            Threads = parse.GetValue(Threads),
            Out = parse.GetValue(Out) ?? Path.Combine("perf-results", $"recall-{collection}"),
        };
        settings.Validate();

        using var embedder = CommandModel.Load(settings.Model, settings.Threads, maxBatch: 1024);
        await using var storage = await StorageConnection.OpenAsync(settings.Connection, embedder.Card, cancellationToken).ConfigureAwait(false);
        var report = await SpectreProgress.RunAsync(SpectreProgress.ErrorConsole(error), progress =>
            new RecallRunner(embedder, storage, progress).RunAsync(settings, cancellationToken)).ConfigureAwait(false);

        var directory = Path.GetDirectoryName(Path.GetFullPath(settings.Out))!;
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(settings.Out + ".json", report.ToJson() + Environment.NewLine, cancellationToken).ConfigureAwait(false);
        RecallPlotWriter.Write(report, settings.Out + ".png");

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"recall@{report.K} of '{report.Collection}' ({report.CollectionPoses:N0} poses, {report.Queries} queries; exact ranking {report.ExactSecondsPerQuery:F2} s/query)")).ConfigureAwait(false);
        await output.WriteLineAsync("    C  ef_search  recall  min    p50 ms  p99 ms").ConfigureAwait(false);
        foreach (var p in report.Points)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{p.Candidates,5}  {p.EfSearch,9}  {p.Recall,6:F4}  {p.MinRecall,4:F2}  {p.Latency.P50Ms,6:F2}  {p.Latency.P99Ms,6:F2}{(p.IsDefault ? "  (default)" : "")}")).ConfigureAwait(false);
        }
        await output.WriteLineAsync($"wrote {settings.Out}.json and {settings.Out}.png").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static int[] ParseInts(string text, string option)
    {
        try
        {
            return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(v => int.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (FormatException)
        {
            throw new CliInputException($"{option} must be comma-separated integers, got '{text}'");
        }
    }
}
