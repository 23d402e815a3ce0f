using System.CommandLine;
using PoseSearch.Cli.Common;
using PoseSearch.Core;
using PoseSearch.Embedding;

namespace PoseSearch.Cli.CommandLine;

/// <summary>
/// Runs a command body and turns every failure into one line on stderr and an exit code:
/// bad input (files, shapes, option values) exits 2, anything else 1. A stack trace is printed
/// only when POSESEARCH_TRACE=1, so users never see one by default.
/// </summary>
internal static class CommandGuard
{
    public const string TraceVariable = "POSESEARCH_TRACE";

    public static async Task<int> RunAsync(Func<Task<int>> body, TextWriter error)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("posesearch: cancelled").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (IsBadInput(e))
        {
            await error.WriteLineAsync($"posesearch: {OneLine(e.Message)}").ConfigureAwait(false);
            await WriteTraceAsync(e, error).ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (Exception e)
        {
            await error.WriteLineAsync($"posesearch: failed ({e.GetType().Name}): {OneLine(e.Message)}").ConfigureAwait(false);
            await WriteTraceAsync(e, error).ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    /// <summary>A command with these options whose action runs <paramref name="body"/> under <see cref="RunAsync"/>.</summary>
    public static Command Guarded(string name, string description, IEnumerable<Option> options, Func<ParseResult, CancellationToken, Task<int>> body, TextWriter error)
    {
        var command = new Command(name, description);
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => RunAsync(() => body(parse, cancellationToken), error));
        return command;
    }

    /// <summary>Failures caused by what the user gave: files, their contents, option values.</summary>
    public static bool IsBadInput(Exception e) => e is CliInputException or PoseFormatException or InvalidDataException
        or FileNotFoundException or DirectoryNotFoundException or ModelContractException or UnauthorizedAccessException;

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    private static async Task WriteTraceAsync(Exception e, TextWriter error)
    {
        if (Environment.GetEnvironmentVariable(TraceVariable) == "1")
        {
            await error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
        }
    }
}
