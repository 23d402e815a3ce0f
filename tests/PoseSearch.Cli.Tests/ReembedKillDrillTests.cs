using System.Diagnostics;
using PoseSearch.TestSupport;

namespace PoseSearch.Cli.Tests;

/// <summary>
/// deploy/scripts/reembed-kill-drill.sh as a test: `posesearch reembed` killed with SIGKILL mid-run
/// (its own process), run again, must resume and end with every pose embedded once (the script's checks).
/// </summary>
public class ReembedKillDrillTests
{
    [Fact]
    public async Task A_killed_re_embedding_resumes_and_embeds_every_pose_once()
    {
        var script = Path.Combine(RepositoryPaths.Root, "deploy", "scripts", "reembed-kill-drill.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script, "8000"])
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await output}\n{await error}");
        Assert.Contains("passed: killed at", await output);
    }
}
