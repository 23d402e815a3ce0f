using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PoseSearch.Web.Tests.Infrastructure;

/// <summary>
/// The real service on a real Kestrel socket (a browser cannot reach the in-memory test server),
/// configured like an operator would: connection string, one write key, the default model.
/// </summary>
public sealed class ServiceHost(string connectionString, string modelFolder, IReadOnlyDictionary<string, string?>? overrides = null)
    : WebApplicationFactory<Program>
{
    public const string ApiKey = "web-tests-key-0123456789abcdef";

    /// <summary>http://127.0.0.1:PORT/ once <see cref="Start"/> has run.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public void Start()
    {
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:PoseSearch"] = connectionString,
            ["PoseSearch:ApiKeys:0"] = ApiKey,
            ["PoseSearch:Model:Path"] = modelFolder,
            ["PoseSearch:Model:IntraOpNumThreads"] = "1",
            ["PoseSearch:Database:StartupTimeoutSeconds"] = "10",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings));
    }
}
