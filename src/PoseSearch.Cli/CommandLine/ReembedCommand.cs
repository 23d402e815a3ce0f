using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using PoseSearch.Cli.Common;
using PoseSearch.Storage;

namespace PoseSearch.Cli.CommandLine;

/// <summary>
/// `posesearch reembed`: re-embeds a collection with another model from its stored keypoints, online
/// (Storage's CollectionReembedder; docs/api.md "Re-embedding", deploy/README.md "Upgrading the model").
/// Run it again after a crash or Ctrl+C: it resumes where it stopped.
/// </summary>
internal static class ReembedCommand
{
    private static readonly Option<string> Connection = new("--connection") { Description = "PostgreSQL connection string", Required = true };
    private static readonly Option<string> Collection = new("--collection") { Description = "collection to re-embed", Required = true };
    private static readonly Option<string?> Model = new("--model") { Description = "the new model: folder or .onnx (default: onnx-models/prvipe-v2-int8, else prvipe-v2, else prvipe-occlusion-v1, else random-tiny)" };
    private static readonly Option<int> Batch = new("--batch") { Description = "poses per transaction (one model run each)", DefaultValueFactory = _ => 2048 };
    private static readonly Option<int> Threads = new("--threads") { Description = "model threads", DefaultValueFactory = _ => 2 };

    public static Command Create(TextWriter output, TextWriter error) =>
        CommandGuard.Guarded("reembed", "Re-embeds every pose of a collection with another model, online: searches use the old embeddings until one switch; resumable.",
            [Connection, Collection, Model, Batch, Threads],
            (parse, cancellationToken) => RunAsync(parse, output, error, cancellationToken), error);

    private static async Task<int> RunAsync(ParseResult parse, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var batch = parse.GetValue(Batch);
        if (batch is < 1 or > 100_000)
        {
            throw new CliInputException($"--batch must be in 1..100000, got {batch}");
        }

        var threads = parse.GetValue(Threads);
        if (threads < 1)
        {
            throw new CliInputException($"--threads must be >= 1, got {threads}");
        }

        var collection = parse.GetValue(Collection)!;

        using var embedder = CommandModel.Load(parse.GetValue(Model), threads, maxBatch: batch);
        await using var storage = await StorageConnection.OpenAsync(parse.GetValue(Connection)!, embedder.Card, cancellationToken).ConfigureAwait(false);
        var reembedder = new CollectionReembedder(storage.DataSource);
        ReembedJob job;
        try
        {
            job = await reembedder.StartAsync(collection, storage.Model, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CollectionNotFoundException or ReembedConflictException)
        {
            throw new CliInputException(e.Message, e);
        }

        var resumedAt = job.Done;
        var clock = Stopwatch.StartNew();
        var verb = resumedAt > 0 ? "Resuming" : "Re-embedding";
        var finished = await SpectreProgress.RunAsync(SpectreProgress.ErrorConsole(error), progress =>
            ReembeddingRun.RunAsync(reembedder, job, embedder, batch, progress, $"{verb} '{collection}' with {storage.Model.Name} (job {job.Id})", cancellationToken))
            .ConfigureAwait(false);

        var rate = (finished.Done - resumedAt) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Re-embedded '{collection}' with {finished.ModelName} ({finished.ModelSha256[..12]}): {finished.Done:N0} poses, {rate:N0} poses/s{(resumedAt > 0 ? $" (resumed at {resumedAt:N0})" : "")}; job {finished.Id} {finished.State}")).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
