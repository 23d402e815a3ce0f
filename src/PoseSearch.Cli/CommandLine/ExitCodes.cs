namespace PoseSearch.Cli.CommandLine;

/// <summary>Process exit codes of the posesearch command.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Something failed that is not the user's input (a bug, a crashed database).</summary>
    public const int Failure = 1;

    /// <summary>Bad input: a missing or malformed file, an invalid option value.</summary>
    public const int BadInput = 2;

    /// <summary>Interrupted by Ctrl-C.</summary>
    public const int Cancelled = 130;
}
