using System.Net.Http.Json;
using Microsoft.Playwright;
using PoseSearch.Core.IO;
using PoseSearch.Embedding;
using PoseSearch.TestSupport;

namespace PoseSearch.Web.Tests.Infrastructure;

/// <summary>
/// Shared by every browser test (one xunit collection, so it starts once): a private PostgreSQL
/// cluster, the service on a Kestrel port with a small seeded collection, and one headless chromium.
/// </summary>
public sealed class WebUiFixture : IAsyncLifetime
{
    public const string Collection = "ui-tests";
    public const int SeedCount = 60;

    private readonly PostgresCluster _postgres = new();
    private IPlaywright? _playwright;

    public ServiceHost Service { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>A client of the service without a key, like the page.</summary>
    public HttpClient Api { get; private set; } = null!;

    public SeedPoses Seed { get; private set; } = null!;

    public string ConnectionString { get; private set; } = null!;

    public string ModelFolder { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The browser first: without chromium nothing else is worth starting, and the message says how to get it.
        (_playwright, Browser) = await SystemChromium.LaunchAsync();

        await _postgres.InitializeAsync();
        var connectionString = ConnectionString = await _postgres.CreateDatabaseAsync("posesearch_web_tests");
        var root = SharedDataLocator.FindRepositoryRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("the tests run outside the repository");
        var modelFolder = ModelFolder = Path.GetDirectoryName(ModelLocator.Resolve(null, [root]))!;
        Service = new ServiceHost(connectionString, modelFolder);
        Service.Start();
        Api = new HttpClient { BaseAddress = Service.BaseAddress };

        Seed = SeedPoses.Load(modelFolder, SeedCount);
        using var writer = new HttpClient { BaseAddress = Service.BaseAddress };
        writer.DefaultRequestHeaders.Add("X-Api-Key", ServiceHost.ApiKey);
        (await writer.PostAsJsonAsync("/v1/collections", new { name = Collection, description = "Seeded by the web UI tests" })).EnsureSuccessStatusCode();
        (await writer.PostAsJsonAsync($"/v1/collections/{Collection}/poses", Seed.IngestBody())).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        Api?.Dispose();
        if (Service is not null)
        {
            await Service.DisposeAsync();
        }

        await _postgres.DisposeAsync();
    }

    /// <summary>A fresh page (its own context: no shared storage) of the given size, with its errors recorded.</summary>
    public async Task<BrowserPage> OpenAsync(int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            BaseURL = Service.BaseAddress.ToString(),
        });
        return new BrowserPage(context, await context.NewPageAsync());
    }
}

[CollectionDefinition(Name)]
public sealed class WebUiTestGroup : ICollectionFixture<WebUiFixture>
{
    public const string Name = "web-ui";
}
