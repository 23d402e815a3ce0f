using System.CommandLine;
using PoseSearch.Cli.Common;
using PoseSearch.Cli.Common.Input;
using PoseSearch.Cli.Operations.Synthesis;

namespace PoseSearch.Cli.CommandLine;

/// <summary>`posesearch synth-bodies`: request bodies for the load test (deploy/scripts/loadtest.sh), one JSON per line.</summary>
internal static class SynthBodiesCommand
{
    private static readonly Option<string> Kind = new("--kind") { Description = "search or ingest", Required = true };
    private static readonly Option<FileInfo?> Dataset = new("--dataset") { Description = "3D pose dataset npz (default: training/data/bandai-30fps.npz)" };
    private static readonly Option<int> Count = new("--count") { Description = "number of bodies", DefaultValueFactory = _ => 1000 };
    private static readonly Option<int> Batch = new("--batch") { Description = "poses per ingest body", DefaultValueFactory = _ => 100 };
    private static readonly Option<int> K = new("--k") { Description = "k of the search bodies", DefaultValueFactory = _ => 10 };
    private static readonly Option<string> Split = new("--split") { Description = "split of the frames ('all' for every row)", DefaultValueFactory = _ => "val" };
    private static readonly Option<int> Seed = new("--seed") { Description = "seed of the cameras and the sample", DefaultValueFactory = _ => 3 };
    private static readonly Option<FileInfo> Out = new("--out") { Description = "output file (JSON lines)", Required = true };

    public static Command Create(TextWriter output, TextWriter error) =>
        CommandGuard.Guarded("synth-bodies", "Write API request bodies (search or ingest) of random-camera mocap poses, one JSON per line, for the load test.",
            [Kind, Dataset, Count, Batch, K, Split, Seed, Out],
            (parse, cancellationToken) => RunAsync(parse, output, cancellationToken), error);

    private static async Task<int> RunAsync(ParseResult parse, TextWriter output, CancellationToken cancellationToken)
    {
        var kind = parse.GetValue(Kind)!;
        if (kind is not ("search" or "ingest"))
        {
            throw new CliInputException($"--kind must be search or ingest, got '{kind}'");
        }

        var count = parse.GetValue(Count);
        var batch = parse.GetValue(Batch);
        if (count < 1)
        {
            throw new CliInputException($"--count must be >= 1, got {count}");
        }

        if (batch < 1)
        {
            throw new CliInputException($"--batch must be >= 1, got {batch}");
        }

        var split = parse.GetValue(Split)!;
        var seed = parse.GetValue(Seed);
        var posesNeeded = kind == "search" ? count : count * batch;

        var dataset = MocapDatasetFile.Read(parse.GetValue(Dataset)?.FullName ?? SynthCommand.DefaultDataset());
        var poses = SyntheticPoseGenerator.Generate(dataset, new SynthesisPlan
        {
            Count = Math.Max(posesNeeded, 20_000),
            Seed = seed,
            Split = split.Equals("all", StringComparison.OrdinalIgnoreCase) ? null : split,
        });
        var path = parse.GetValue(Out)!.FullName;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var writer = new StreamWriter(path);
        if (kind == "search")
        {
            // A seeded sample across the whole pool, so the bodies are not consecutive frames of one clip.
            foreach (var pose in SeededSample.Rows(poses.Count, count, seed))
            {
                await writer.WriteLineAsync(RequestBodyWriter.SearchBody(poses, pose, parse.GetValue(K)).AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            for (var b = 0; b < count; b++)
            {
                await writer.WriteLineAsync(RequestBodyWriter.IngestBody(poses, b * batch, batch).AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }
        await output.WriteLineAsync($"wrote {count} {kind} bodies to {path}").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
