using System.CommandLine;
using PoseSearch.Cli.Common;
using PoseSearch.Cli.Operations.Demo;

namespace PoseSearch.Cli.CommandLine;

/// <summary>`posesearch demo load`: mocap projected through a camera rig, embedded, ingested into a collection.</summary>
internal static class DemoLoadCommand
{
    private static readonly Option<FileInfo[]> Datasets = new("--dataset") { Description = "3D pose dataset npz (repeat for several)", Required = true, AllowMultipleArgumentsPerToken = false };
    private static readonly Option<FileInfo> Rig = new("--rig") { Description = "camera rig JSON (e.g. ../shared/data/cameras/h36m-cameras.json)", Required = true };
    private static readonly Option<string> Subject = new("--subject") { Description = "which extrinsics of the rig to use", DefaultValueFactory = _ => "S9" };
    private static readonly Option<string> Collection = new("--collection") { Description = "collection to fill (created if missing)", DefaultValueFactory = _ => "demo" };
    private static readonly Option<string> Connection = new("--connection") { Description = "PostgreSQL connection string", Required = true };
    private static readonly Option<string?> Model = new("--model") { Description = "model folder or .onnx (default: onnx-models/prvipe-v2-int8, else prvipe-v2, else prvipe-occlusion-v1, else random-tiny)" };
    private static readonly Option<int> Every = new("--every") { Description = "keep every n-th frame of each clip", DefaultValueFactory = _ => 5 };
    private static readonly Option<string> ExcludeSplit = new("--exclude-split") { Description = "leave out rows of this split ('none' keeps all)", DefaultValueFactory = _ => "train" };
    private static readonly Option<int> Threads = new("--threads") { Description = "model threads", DefaultValueFactory = _ => 2 };

    public static Command Create(TextWriter output, TextWriter error) =>
        CommandGuard.Guarded("load", "Project mocap through a rig's cameras and load it into a collection (idempotent).",
            [Datasets, Rig, Subject, Collection, Connection, Model, Every, ExcludeSplit, Threads],
            (parse, cancellationToken) => RunAsync(parse, output, error, cancellationToken), error);

    private static async Task<int> RunAsync(ParseResult parse, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var excluded = parse.GetValue(ExcludeSplit)!;
        var settings = new DemoLoadSettings
        {
            Datasets = parse.GetValue(Datasets)!.Select(f => f.FullName).ToArray(),
            Rig = parse.GetValue(Rig)!.FullName,
            Subject = parse.GetValue(Subject)!,
            Collection = parse.GetValue(Collection)!,
            Connection = parse.GetValue(Connection)!,
            Model = parse.GetValue(Model),
            Every = parse.GetValue(Every),
            ExcludeSplit = excluded.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : excluded,
            Threads = Math.Max(1, parse.GetValue(Threads)),
        };

        using var embedder = CommandModel.Load(settings.Model, settings.Threads, maxBatch: 4096);
        await using var storage = await StorageConnection.OpenAsync(settings.Connection, embedder.Card, cancellationToken).ConfigureAwait(false);
        var result = await SpectreProgress.RunAsync(SpectreProgress.ErrorConsole(error), progress =>
            new DemoLoader(embedder, storage, progress, error).LoadAsync(settings, cancellationToken)).ConfigureAwait(false);

        await output.WriteLineAsync(result.Reembedded
            ? $"collection '{result.Collection}': re-embedded the {result.Poses:N0} demo poses with model {embedder.Card.Name}"
            : result.Skipped
            ? $"collection '{result.Collection}' already holds the {result.Poses:N0} demo poses of model {embedder.Card.Name}: nothing to do"
            : $"collection '{result.Collection}': {result.Poses:N0} demo poses of model {embedder.Card.Name} ({result.Written:N0} written)").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
