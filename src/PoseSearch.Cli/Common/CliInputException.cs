namespace PoseSearch.Cli.Common;

/// <summary>
/// An input a command cannot use (missing array, wrong shape, unknown camera subject,
/// conflicting options). The message names the problem; the command prints it on one line and
/// exits with code 2, never with a stack trace.
/// </summary>
internal sealed class CliInputException : Exception
{
    public CliInputException(string message) : base(message) { }

    public CliInputException(string message, Exception innerException) : base(message, innerException) { }
}
