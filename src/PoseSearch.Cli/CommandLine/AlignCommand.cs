using System.CommandLine;
using System.Globalization;
using PoseSearch.Cli.Common;
using PoseSearch.Cli.Operations.Align;
using PoseSearch.Core;
using PoseSearch.Core.IO;

namespace PoseSearch.Cli.CommandLine;

/// <summary>`posesearch align A.json B.json`: the DTW alignment of two pose sequences (issue 14).</summary>
internal static class AlignCommand
{
    /// <summary>The largest cost matrix the command builds (frames of A x frames of B): 10 M cells, about 120 MB.</summary>
    public const long MaxCells = 10_000_000;

    private static readonly Argument<string> SequenceA = new("A") { Description = "sequence A (the query): COCO results JSON (image_id = frame) or the API's {\"frames\": [...]} JSON" };
    private static readonly Argument<string> SequenceB = new("B") { Description = "sequence B (the reference), same formats" };
    private static readonly Option<string?> Model = new("--model") { Description = "model folder or .onnx (default: onnx-models/prvipe-v2-int8, else prvipe-v2, else prvipe-occlusion-v1, else random-tiny)" };
    private static readonly Option<string> Distance = new("--distance") { Description = "frame distance: match-prob (-ln p), mean-l2, raw-2d, temporal (-ln p of the temporal model's windows centred on each frame, ends padded)", DefaultValueFactory = _ => "match-prob" };
    private static readonly Option<string?> TemporalModel = new("--temporal-model") { Description = "temporal model folder or .onnx for --distance temporal (default: onnx-models/prvipe-temporal-v1)" };
    private static readonly Option<bool> Subsequence = new("--subsequence") { Description = "locate A inside B (free start and end in B) instead of aligning end to end" };
    private static readonly Option<double> MinConfidence = new("--min-confidence") { Description = "keypoints below this confidence count as missing", DefaultValueFactory = _ => 0.1 };
    private static readonly Option<string?> Out = new("--out") { Description = "output prefix: PREFIX.json (the path) and PREFIX.png (cost matrix and path); default align-results/<A>-<B>" };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = CommandGuard.Guarded("align", "Aligns two pose sequences seen from any cameras by dynamic time warping on the learned match probability.",
            [Model, Distance, TemporalModel, Subsequence, MinConfidence, Out],
            (parse, cancellationToken) => RunAsync(parse, output, cancellationToken), error);
        command.Arguments.Add(SequenceA);
        command.Arguments.Add(SequenceB);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, TextWriter output, CancellationToken cancellationToken)
    {
        var options = new Core.Keypoints.ConversionOptions { MinConfidence = (float)parse.GetValue(MinConfidence) };
        var a = ReadSequence(parse.GetValue(SequenceA)!, "A", options);
        var b = ReadSequence(parse.GetValue(SequenceB)!, "B", options);
        if ((long)a.Count * b.Count > MaxCells)
        {
            throw new CliInputException($"{a.Count} x {b.Count} frames is more than the {MaxCells:N0} cells this command aligns at once; cut the sequences");
        }

        var distance = parse.GetValue(Distance)!;
        AlignmentOutcome outcome;
        if (SequenceAligner.Parse(distance) == Core.Sequences.FrameDistanceKind.Temporal)
        {
            using var windows = CommandModel.LoadTemporal(parse.GetValue(TemporalModel), threads: 2, maxBatch: 4096);
            outcome = SequenceAligner.AlignTemporal(a, b, windows, parse.GetValue(Subsequence));
        }
        else
        {
            using var embedder = CommandModel.Load(parse.GetValue(Model), threads: 2, maxBatch: 4096);
            outcome = SequenceAligner.Align(a, b, embedder, distance, parse.GetValue(Subsequence));
        }

        var prefix = parse.GetValue(Out) ?? Path.Combine("align-results",
            $"{Path.GetFileNameWithoutExtension(parse.GetValue(SequenceA))}-{Path.GetFileNameWithoutExtension(parse.GetValue(SequenceB))}");
        var directory = Path.GetDirectoryName(Path.GetFullPath(prefix));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(prefix + ".json", ReportJson.Serialize(outcome) + "\n", cancellationToken).ConfigureAwait(false);
        AlignmentPlotWriter.Write(outcome, prefix + ".png");

        var skipped = outcome.SkippedA.Count + outcome.SkippedB.Count > 0
            ? $"; skipped {outcome.SkippedA.Count} frame(s) of A and {outcome.SkippedB.Count} of B (too few visible anchor joints)"
            : "";
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{(outcome.Subsequence ? "Located" : "Aligned")} {outcome.FramesA} frames of A with B frames {outcome.StartB}-{outcome.EndB} of {outcome.FramesB}: path {outcome.Path.Count} pairs, mean match probability {outcome.MeanProbability:0.000}, mean cost {outcome.MeanCost:0.000}, speed ratio {outcome.SpeedRatio:0.00} (B frames per A frame){skipped}; wrote {prefix}.json, .png")).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static IReadOnlyList<SequenceFrame> ReadSequence(string path, string name, Core.Keypoints.ConversionOptions options)
    {
        if (!File.Exists(path))
        {
            throw new CliInputException($"sequence {name}: file '{path}' does not exist");
        }

        try
        {
            return PoseSequenceReader.Read(path, options);
        }
        catch (PoseFormatException e)
        {
            throw new CliInputException($"sequence {name}: {e.Message}");
        }
    }
}
