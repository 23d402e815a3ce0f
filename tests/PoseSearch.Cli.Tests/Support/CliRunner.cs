using PoseSearch.Cli.CommandLine;
using PoseSearch.Core.IO;

namespace PoseSearch.Cli.Tests.Support;

/// <summary>Runs the posesearch command line in process, capturing stdout and stderr.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PosesearchCommand.InvokeAsync(args, output, error);
        return new Result(code, output.ToString(), error.ToString());
    }

    /// <summary>The repository's random-weights model (onnx-models/random-tiny), written by the training export.</summary>
    public static string RandomTinyModel()
    {
        var root = SharedDataLocator.FindRepositoryRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("the tests run outside the repository");
        return System.IO.Path.Combine(root, "onnx-models", "random-tiny");
    }
}
