using System.CommandLine;
using System.Diagnostics;
using PoseSearch.Cli.Common;
using PoseSearch.Cli.Common.Input;
using PoseSearch.Cli.Evaluation.Reports;
using PoseSearch.Cli.Evaluation.Sequences;

namespace PoseSearch.Cli.CommandLine;

/// <summary>`posesearch eval-sequences`: the cross-view alignment benchmark of issue 14 (docs/benchmarks.md, "Sequence alignment").</summary>
internal static class EvalSequencesCommand
{
    private static readonly Option<string> Dataset = new("--dataset") { Description = "3D pose dataset (npz of docs/data-formats.md) with clip ids and frame numbers", Required = true };
    private static readonly Option<string> Rig = new("--rig") { Description = "camera rig JSON the takes are projected through", Required = true };
    private static readonly Option<string> Subject = new("--subject") { Description = "which extrinsics of the rig to use", DefaultValueFactory = _ => "S9" };
    private static readonly Option<string?> Split = new("--split") { Description = "keep only rows of this split (train, val, test)" };
    private static readonly Option<string?> Model = new("--model") { Description = "model folder or .onnx (default: onnx-models/prvipe-v2-int8, else prvipe-v2, else prvipe-occlusion-v1, else random-tiny)" };
    private static readonly Option<string?> TemporalModel = new("--temporal-model") { Description = "temporal model folder or .onnx for the temporal distance (default: onnx-models/prvipe-temporal-v1 when present; 'none' leaves it out)" };
    private static readonly Option<int> Trials = new("--trials") { Description = "warped clips to align", DefaultValueFactory = _ => 200 };
    private static readonly Option<int> TakeFrames = new("--take-frames") { Description = "frames of camera A's take (the long sequence)", DefaultValueFactory = _ => 180 };
    private static readonly Option<int> ClipFrames = new("--clip-frames") { Description = "frames of the clip (the take's middle) camera B sees, before warping", DefaultValueFactory = _ => 60 };
    private static readonly Option<double> MinRate = new("--min-rate") { Description = "slowest warp rate (source frames per warped frame)", DefaultValueFactory = _ => 0.7 };
    private static readonly Option<double> MaxRate = new("--max-rate") { Description = "fastest warp rate", DefaultValueFactory = _ => 1.4 };
    private static readonly Option<int> Seed = new("--seed") { Description = "seed of the takes, cameras and warps", DefaultValueFactory = _ => 1234 };
    private static readonly Option<int> Threads = new("--threads") { Description = "model threads", DefaultValueFactory = _ => 2 };
    private static readonly Option<string?> Out = new("--out") { Description = "output prefix: PREFIX.json, PREFIX.md, PREFIX.png (default eval-results/<dataset>-sequences)" };

    public static Command Create(TextWriter output, TextWriter error) =>
        CommandGuard.Guarded("eval-sequences", "Cross-view sequence alignment benchmark: DTW of a time-warped clip from another camera, end to end and located in a longer take.",
            [Dataset, Rig, Subject, Split, Model, TemporalModel, Trials, TakeFrames, ClipFrames, MinRate, MaxRate, Seed, Threads, Out],
            (parse, cancellationToken) => RunAsync(parse, output, error, cancellationToken), error);

    /// <summary>The temporal model asked for; by default the shipped one, left out (with a note) when there is none.</summary>
    private static async Task<Embedding.WindowEmbedder?> LoadTemporalAsync(string? path, int threads, TextWriter error)
    {
        if (path == "none")
        {
            return null;
        }

        if (path is null)
        {
            try
            {
                return CommandModel.LoadTemporal(null, threads, maxBatch: 4096);
            }
            catch (FileNotFoundException)
            {
                await error.WriteLineAsync("no temporal model found (onnx-models/prvipe-temporal-v1): the temporal distance is left out").ConfigureAwait(false);
                return null;
            }
        }

        return CommandModel.LoadTemporal(path, threads, maxBatch: 4096);
    }

    private static async Task<int> RunAsync(ParseResult parse, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var path = parse.GetValue(Dataset)!;
        if (!File.Exists(path))
        {
            throw new CliInputException($"--dataset: file '{path}' does not exist");
        }

        var trials = parse.GetValue(Trials);
        if (trials < 1)
        {
            throw new CliInputException($"--trials must be >= 1, got {trials}");
        }

        var threads = parse.GetValue(Threads);
        if (threads < 1)
        {
            throw new CliInputException($"--threads must be >= 1, got {threads}");
        }

        double minRate = parse.GetValue(MinRate), maxRate = parse.GetValue(MaxRate);
        if (!(minRate > 0 && maxRate >= minRate && maxRate <= 10))
        {
            throw new CliInputException($"--min-rate and --max-rate must satisfy 0 < min <= max <= 10, got {minRate} and {maxRate}");
        }

        var rig = CameraRigFile.Load(parse.GetValue(Rig)!, parse.GetValue(Subject)!);
        var dataset = MocapDatasetFile.Read(path);
        var split = parse.GetValue(Split);
        var rows = Enumerable.Range(0, dataset.Count).ToList();
        if (split is not null)
        {
            if (dataset.Split is null)
            {
                throw new CliInputException($"{path} has no split array, so --split {split} cannot be applied");
            }

            rows = rows.Where(r => dataset.Split[r] == split).ToList();
            if (rows.Count == 0)
            {
                throw new CliInputException($"{path} has no rows of split '{split}'");
            }
        }
        var drawn = SequenceTrials.Draw(dataset, rows, trials, parse.GetValue(TakeFrames), parse.GetValue(ClipFrames),
            rig.Cameras.Count, minRate, maxRate, parse.GetValue(Seed));

        using var embedder = CommandModel.Load(parse.GetValue(Model), threads, maxBatch: 4096);
        using var temporal = await LoadTemporalAsync(parse.GetValue(TemporalModel), threads, error).ConfigureAwait(false);
        List<IFrameDistance> distances = [new MatchProbabilityDistance(embedder), new EmbeddingMeanDistance(embedder), new RawKeypointDistance()];
        if (temporal is not null)
        {
            distances.Add(new TemporalWindowDistance(temporal));
        }

        var rowsOut = await SpectreProgress.RunAsync(SpectreProgress.ErrorConsole(error), progress =>
            Task.FromResult(new AlignmentBenchmark(distances, progress).Run(dataset, drawn, rig, cancellationToken))).ConfigureAwait(false);

        var card = embedder.Card;
        var report = new AlignmentReport
        {
            Tool = "posesearch eval-sequences",
            CreatedUtc = DateTimeOffset.UtcNow,
            Arguments = parse.Tokens.Select(t => t.Value).ToArray(),
            Input = new AlignmentInput(path, parse.GetValue(Rig)!, rig.Subject, split, dataset.Fps, rows.Count),
            Model = new ModelSummary(card.Name, card.Variant, card.Sha256, card.EmbeddingDim, card.NumSamples, card.License),
            TemporalModel = temporal?.Card is { } t ? new ModelSummary(t.Name, t.Variant, t.Sha256, t.EmbeddingDim, t.NumSamples, t.License) : null,
            Protocol = new AlignmentProtocol(trials, parse.GetValue(TakeFrames), parse.GetValue(ClipFrames), minRate, maxRate, parse.GetValue(Seed),
                "The error of a warped frame is |A frame the path matches it to - A time it shows| in frames of A; a clip is located when IoU(found, true stretch) >= 0.5."),
            Rows = rowsOut,
            TimingsSeconds = new Dictionary<string, double> { ["total"] = total.Elapsed.TotalSeconds },
        };

        var prefix = parse.GetValue(Out) ?? Path.Combine("eval-results", Path.GetFileNameWithoutExtension(path) + "-sequences");
        var directory = Path.GetDirectoryName(Path.GetFullPath(prefix));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        AlignmentReportWriter.WriteAll(report, prefix);
        var best = rowsOut.Where(r => r.Scenario == AlignmentBenchmark.Full).Select(r => $"{r.Distance} median {r.MedianFrameError:0.00}/p95 {r.P95FrameError:0.00}");
        await output.WriteLineAsync(FormattableString.Invariant($"Alignment frame error (frames), full: {string.Join(", ", best)}; wrote {prefix}.json, .md, .png")).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
