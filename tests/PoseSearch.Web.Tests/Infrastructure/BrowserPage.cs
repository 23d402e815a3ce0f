using Microsoft.Playwright;

namespace PoseSearch.Web.Tests.Infrastructure;

/// <summary>A page in its own browser context, recording console errors and uncaught exceptions.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    public BrowserPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                ConsoleErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => PageErrors.Add(error);
    }

    public IPage Page { get; }

    public List<string> ConsoleErrors { get; } = [];

    /// <summary>Uncaught exceptions of the page's scripts.</summary>
    public List<string> PageErrors { get; } = [];

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
