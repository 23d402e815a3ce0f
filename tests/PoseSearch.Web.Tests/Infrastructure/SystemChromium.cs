using Microsoft.Playwright;

namespace PoseSearch.Web.Tests.Infrastructure;

/// <summary>
/// Debian's chromium (deploy/scripts/install-prereqs.sh installs it), driven by Playwright: Playwright
/// cannot download its own browser here, so it is pointed at the system one. Without it the tests
/// fail with the fix in the message rather than skip.
/// </summary>
public static class SystemChromium
{
    public const string PathVariable = "POSESEARCH_CHROMIUM";

    // The binary itself before Debian's /usr/bin/chromium wrapper script, which adds nothing headless needs.
    private static readonly string[] Candidates = ["/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser"];

    public static string Find()
    {
        var configured = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"{PathVariable}={configured} does not exist.");
        }

        return Candidates.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(
            $"Chromium not found (looked for {string.Join(", ", Candidates)}). The web UI tests need a real browser: " +
            $"run deploy/scripts/install-prereqs.sh (it installs Debian's chromium) or set {PathVariable} to a Chromium binary.");
    }

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var executable = Find();
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = ["--disable-gpu", "--disable-dev-shm-usage"],
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
