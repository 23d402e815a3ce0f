using System.Diagnostics;

namespace PoseSearch.TestSupport;

/// <summary>Runs the repository's deploy/scripts/pg-cluster.sh, the one way the test clusters are made, started and stopped.</summary>
public static class PgClusterScript
{
    private static string Script => Path.Combine(RepositoryPaths.Root, "deploy", "scripts", "pg-cluster.sh");

    /// <returns>The script's standard output.</returns>
    /// <exception cref="InvalidOperationException">The script failed: its exit code and standard error.</exception>
    public static async Task<string> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [Script, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start bash");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg-cluster.sh {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}");
        }

        return await output;
    }
}
