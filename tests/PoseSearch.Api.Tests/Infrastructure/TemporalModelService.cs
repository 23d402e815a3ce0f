using PoseSearch.Api.Security;
using PoseSearch.TestSupport;

namespace PoseSearch.Api.Tests.Infrastructure;

/// <summary>
/// A service with the shipped temporal model (prvipe-temporal-v1) loaded beside the fixture's default
/// model, and a client that sends the API key.
/// </summary>
public sealed class TemporalModelService : IAsyncDisposable
{
    public static string TemporalFolder { get; } = Path.Combine(RepositoryPaths.Root, "onnx-models", "prvipe-temporal-v1");

    public TemporalModelService(ServiceFixture fixture)
    {
        Factory = new ApiFactory(fixture.ConnectionString, fixture.ModelFolder, new Dictionary<string, string?>
        {
            ["PoseSearch:Model:AdditionalPaths:0"] = TemporalFolder,
        });
        Client = Factory.CreateClient();
        Client.DefaultRequestHeaders.Add(ApiKeyValidator.HeaderName, ApiFactory.ApiKey);
    }

    public ApiFactory Factory { get; }

    public HttpClient Client { get; }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }
}
