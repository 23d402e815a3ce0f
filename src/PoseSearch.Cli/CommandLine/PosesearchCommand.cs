using System.CommandLine;

namespace PoseSearch.Cli.CommandLine;

/// <summary>The root of the posesearch command line: eval (the benchmark); demo load, synth, synth-bodies, recall (operations).</summary>
internal static class PosesearchCommand
{
    public static RootCommand Create(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("posesearch: cross-view pose retrieval benchmark and data loading for PoseSearch.");
        root.Subcommands.Add(EvalCommand.Create(output, error));
        root.Subcommands.Add(EvalSequencesCommand.Create(output, error));
        root.Subcommands.Add(EvalSequenceSearchCommand.Create(output, error));
        root.Subcommands.Add(AlignCommand.Create(output, error));
        var demo = new Command("demo", "The demo collection of the start script.");
        demo.Subcommands.Add(DemoLoadCommand.Create(output, error));
        root.Subcommands.Add(demo);
        root.Subcommands.Add(SynthCommand.Create(output, error));
        root.Subcommands.Add(SynthBodiesCommand.Create(output, error));
        root.Subcommands.Add(RecallCommand.Create(output, error));
        root.Subcommands.Add(ReembedCommand.Create(output, error));
        root.Subcommands.Add(WindowsBuildCommand.Create(output, error));
        return root;
    }

    /// <summary>Parses and runs; a command-line error prints its message on one line and exits 2.</summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var parse = Create(output, error).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync($"posesearch: {parseError.Message}").ConfigureAwait(false);
            }

            return ExitCodes.BadInput;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken).ConfigureAwait(false);
    }
}
