using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace PoseSearch.Api.Tests.Infrastructure;

/// <summary>The real service in memory, configured like an operator would: connection string, key, model.</summary>
public sealed class ApiFactory(string connectionString, string modelPath, IReadOnlyDictionary<string, string?>? overrides = null)
    : WebApplicationFactory<Program>
{
    public const string ApiKey = "test-key-0123456789abcdef";

    /// <summary>The hosting environment (Testing unless a test says otherwise).</summary>
    public string Environment { get; set; } = "Testing";

    /// <summary>More services for a test (e.g. a log sink).</summary>
    public Action<IServiceCollection>? ExtraServices { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        if (ExtraServices is not null)
        {
            builder.ConfigureServices(ExtraServices);
        }

        builder.ConfigureAppConfiguration((_, configuration) =>
        {
            var settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:PoseSearch"] = connectionString,
                ["PoseSearch:ApiKeys:0"] = ApiKey,
                ["PoseSearch:Model:Path"] = modelPath,
                ["PoseSearch:Model:IntraOpNumThreads"] = "1",
                ["PoseSearch:MaxEmbeddingBatch"] = "8",
                ["PoseSearch:MaxIngestBatch"] = "50",
                ["PoseSearch:Database:StartupTimeoutSeconds"] = "5",
                ["Serilog:MinimumLevel:Default"] = "Warning",
            };
            // A null override removes the setting altogether.
            foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            {
                if (value is null)
                {
                    settings.Remove(key);
                }
                else
                {
                    settings[key] = value;
                }
            }

            configuration.AddInMemoryCollection(settings);
        });
    }
}
