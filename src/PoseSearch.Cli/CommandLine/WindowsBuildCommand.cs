using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using PoseSearch.Cli.Common;
using PoseSearch.Storage;
using PoseSearch.Storage.Sequences;

namespace PoseSearch.Cli.CommandLine;

/// <summary>
/// `posesearch windows build`: (re)builds a collection's temporal windows, which sequence search then
/// shortlists through (Storage's PoseWindowBuilder; docs/api.md "Temporal windows"). Run it again after
/// ingesting or deleting poses: the set is replaced whole.
/// </summary>
internal static class WindowsBuildCommand
{
    private static readonly Option<string> Connection = new("--connection") { Description = "PostgreSQL connection string", Required = true };
    private static readonly Option<string> Collection = new("--collection") { Description = "collection whose tracks get windows", Required = true };
    private static readonly Option<string?> TemporalModel = new("--temporal-model") { Description = "temporal model folder or .onnx (default: onnx-models/prvipe-temporal-v1)" };
    private static readonly Option<int> Threads = new("--threads") { Description = "model threads", DefaultValueFactory = _ => 2 };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var windows = new Command("windows", "A collection's temporal windows (sequence search shortlists through them).");
        windows.Subcommands.Add(CommandGuard.Guarded("build",
            "Embeds the window centred on every stored track frame with the temporal model and replaces the collection's windows in one transaction.",
            [Connection, Collection, TemporalModel, Threads],
            (parse, cancellationToken) => RunAsync(parse, output, error, cancellationToken), error));
        return windows;
    }

    private static async Task<int> RunAsync(ParseResult parse, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var threads = parse.GetValue(Threads);
        if (threads < 1)
        {
            throw new CliInputException($"--threads must be >= 1, got {threads}");
        }

        var collection = parse.GetValue(Collection)!;
        using var embedder = CommandModel.LoadTemporal(parse.GetValue(TemporalModel), threads, maxBatch: PoseWindowBuilder.BatchSize);
        await using var storage = await StorageConnection.OpenAsync(parse.GetValue(Connection)!, embedder.Card, cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        PoseWindowSet set;
        try
        {
            set = await SpectreProgress.RunAsync(SpectreProgress.ErrorConsole(error), reporter =>
                new PoseWindowBuilder(storage.DataSource).BuildAsync(collection, storage.Model, embedder.Window.Length, embedder.Window.Stride,
                    (windows, _) =>
                    {
                        var batch = embedder.Embed(windows);
                        return Task.FromResult((batch.Means, batch.Stddevs));
                    },
                    new StageProgress(reporter, $"Embedding the windows of '{collection}' with {storage.Model.Name}"), cancellationToken))
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is CollectionNotFoundException or ArgumentException)
        {
            throw new CliInputException(e.Message, e);
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Built {set.WindowCount:N0} windows of '{collection}' ({set.PoseCount:N0} poses) with {set.ModelName} ({set.ModelSha256[..12]}) in {clock.Elapsed.TotalSeconds:F1} s")).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>The builder's (done, total) reports as one progress stage, started once the total is known.</summary>
    private sealed class StageProgress(IProgressReporter reporter, string description) : IProgress<(long Done, long Total)>
    {
        private IProgressStage? _stage;
        private long _done;

        public void Report((long Done, long Total) value)
        {
            _stage ??= reporter.Start(description, value.Total);
            _stage.Advance(value.Done - _done);
            _done = value.Done;
            if (value.Done == value.Total)
            {
                _stage.Complete();
            }
        }
    }
}
