using Microsoft.Playwright;
using PoseSearch.Core.IO;

namespace PoseSearch.Web.Tests.Infrastructure;

/// <summary>
/// Screenshots the tests keep as artefacts: in $POSESEARCH_UI_SCREENSHOTS, or TestResults/ui-screenshots at the
/// repository root (git-ignored). docs/images/ui-*.png are copies of three of them.
/// </summary>
public static class Screenshots
{
    public const string FolderVariable = "POSESEARCH_UI_SCREENSHOTS";

    public static string Folder { get; } = Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } configured
        ? configured
        : Path.Combine(SharedDataLocator.FindRepositoryRoot(AppContext.BaseDirectory) ?? AppContext.BaseDirectory, "TestResults", "ui-screenshots");

    /// <summary>Saves the whole page, or with <paramref name="fullPage"/> false only what the screen shows.</summary>
    public static async Task<string> SaveAsync(IPage page, string name, bool fullPage = true)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }
}
