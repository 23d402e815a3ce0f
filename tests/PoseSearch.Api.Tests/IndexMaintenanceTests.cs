using System.Net;
using PoseSearch.Api.Security;
using PoseSearch.Api.Tests.Infrastructure;
using PoseSearch.Storage;
using static PoseSearch.Api.Tests.HostileInputTests;

namespace PoseSearch.Api.Tests;

/// <summary>
/// The index maintenance service (issue 10, soak): a collection whose poses are replaced over and
/// over bloats its HNSW graph; the service notices on its next pass, rebuilds the graph online, logs
/// and counts it, and searches keep answering throughout. Each test has a database of its own.
/// </summary>
[Collection(ServiceTestGroup.Name)]
public sealed class IndexMaintenanceTests(ServiceFixture fixture)
{
    private const int Poses = 50;

    [Fact]
    public async Task A_bloated_graph_is_rebuilt_by_the_background_service_while_searches_answer()
    {
        var connectionString = await fixture.Postgres.CreateDatabaseAsync("index_maintenance");
        long freshBytes;
        long bloatedBytes;
        await using (var loading = Factory(connectionString, null, ("PoseSearch:IndexMaintenance:Enabled", "false")))
        {
            using var client = Client(loading);
            await IngestAsync(client, rounds: 1);
            freshBytes = await IndexBytesAsync(connectionString);
            await IngestAsync(client, rounds: 12);   // every pose replaced 12 times; the old entries stay in the graph
            bloatedBytes = await IndexBytesAsync(connectionString);
        }

        Assert.True(bloatedBytes > 4 * freshBytes, $"fresh {freshBytes} B, churned {bloatedBytes} B");

        var logs = new LogCapture();
        await using var factory = Factory(connectionString, logs,
            ("PoseSearch:IndexMaintenance:IntervalSeconds", "0.5"),
            ("PoseSearch:IndexMaintenance:MaxBytesPerPose", (2.0 * freshBytes / Poses).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("PoseSearch:IndexMaintenance:MinIndexMegabytes", "0"));
        using var searcher = Client(factory);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!logs.Rendered.Any(IsRebuildOfChurn) && DateTime.UtcNow < deadline)
        {
            var search = await searcher.PostAsync("/v1/collections/churn/search", Json($$"""{"pose":{{Pose()}},"k":5}"""));
            Assert.Equal(HttpStatusCode.OK, search.StatusCode);
            await Task.Delay(50);
        }

        var rebuilt = Assert.Single(logs.Rendered, IsRebuildOfChurn);
        Assert.Contains($"for {Poses} poses", rebuilt, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Rendered, line => line.Contains("Index maintenance pass failed", StringComparison.Ordinal));
        Assert.True(await IndexBytesAsync(connectionString) < bloatedBytes / 4);
        var after = await searcher.PostAsync("/v1/collections/churn/search", Json($$"""{"pose":{{Pose()}},"k":5}"""));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(5, System.Text.Json.JsonDocument.Parse(await after.Content.ReadAsStringAsync()).RootElement.GetProperty("hits").GetArrayLength());

        var metrics = "";
        for (var i = 0; i < 50 && !metrics.Contains("posesearch_index_rebuilds_total", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
            metrics = await searcher.GetStringAsync("/metrics");
        }

        var lines = metrics.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("posesearch_index_rebuilds_total{", StringComparison.Ordinal) && l.Contains("collection=\"churn\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("posesearch_index_rebuild_duration_seconds_count{", StringComparison.Ordinal) && l.Contains("collection=\"churn\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Switched_off_it_never_rebuilds()
    {
        var connectionString = await fixture.Postgres.CreateDatabaseAsync("index_maintenance_off");
        var logs = new LogCapture();
        await using var factory = Factory(connectionString, logs,
            ("PoseSearch:IndexMaintenance:Enabled", "false"),
            ("PoseSearch:IndexMaintenance:IntervalSeconds", "0.1"),
            ("PoseSearch:IndexMaintenance:MaxBytesPerPose", "1"),
            ("PoseSearch:IndexMaintenance:MinIndexMegabytes", "0"));
        using var client = Client(factory);
        await IngestAsync(client, rounds: 4);
        var bloated = await IndexBytesAsync(connectionString);
        var oid = await IndexOidAsync(connectionString);

        await Task.Delay(TimeSpan.FromSeconds(2));   // twenty intervals

        Assert.Equal(bloated, await IndexBytesAsync(connectionString));
        Assert.Equal(oid, await IndexOidAsync(connectionString));   // REINDEX CONCURRENTLY would swap in a new index
        Assert.Contains(logs.Rendered, line => line.Contains("Index maintenance is off", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Rendered, line => line.Contains("rebuil", StringComparison.Ordinal));
    }

    private static bool IsRebuildOfChurn(string line) =>
        line.Contains("rebuilt the HNSW graph of", StringComparison.Ordinal) && line.Contains("churn", StringComparison.Ordinal);

    private ApiFactory Factory(string connectionString, LogCapture? logs, params (string Key, string? Value)[] settings)
    {
        var overrides = settings.ToDictionary(s => s.Key, s => s.Value);
        overrides["Serilog:MinimumLevel:Default"] = "Information";
        overrides["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Warning";
        var factory = new ApiFactory(connectionString, fixture.ModelFolder, overrides);
        if (logs is not null)
        {
            factory.ExtraServices = services => services.AddSingleton<Serilog.Core.ILogEventSink>(logs);
        }

        return factory;
    }

    private static HttpClient Client(ApiFactory factory)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyValidator.HeaderName, ApiFactory.ApiKey);
        return client;
    }

    /// <summary>Creates collection "churn" when missing and upserts its poses <paramref name="rounds"/> times, each round moved a little (so no update is HOT).</summary>
    private static async Task IngestAsync(HttpClient client, int rounds)
    {
        if ((await client.GetAsync("/v1/collections/churn")).StatusCode == HttpStatusCode.NotFound)
        {
            (await client.PostAsync("/v1/collections", Json("""{"name":"churn"}"""))).EnsureSuccessStatusCode();
        }

        for (var round = 0; round < rounds; round++)
        {
            var items = Enumerable.Range(0, Poses).Select(i => Item($"p{i}", Pose($$"""{"x":{{300 + i + round}},"y":{{100 + round}},"confidence":0.9}""")));
            (await client.PostAsync("/v1/collections/churn/poses", Json(Batch([.. items])))).EnsureSuccessStatusCode();
        }
    }

    private static async Task<long> IndexBytesAsync(string connectionString)
    {
        await using var dataSource = PoseSearchDataSource.Create(connectionString);
        return (await new CollectionIndexRebuilder(dataSource).MeasureAsync()).Single(g => g.Collection == "churn").IndexBytes;
    }

    private static async Task<long> IndexOidAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT to_regclass('poses_mean_hnsw_' || id)::oid::bigint FROM collections WHERE name = 'churn'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
