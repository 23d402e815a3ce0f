using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Npgsql;
using PoseSearch.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PoseSearch.Api.Tests.Fuzz;

/// <summary>
/// The seeded fuzz suite (issue #10): hostile requests to every endpoint of the service on a real
/// Kestrel socket (loopback only). Pass: no 5xx, no request over 2 s, the data stored before the
/// run unchanged (checksum of the collections and poses tables, outside the fuzzer's own scratch
/// collection and the collections it creates), and the service still answers.
/// CI runs 2,000 requests; POSESEARCH_FUZZ_REQUESTS and POSESEARCH_FUZZ_SEED set the size and seed
/// (deploy/scripts/fuzz.sh runs 10,000+).
/// </summary>
[Collection(ServiceTestGroup.Name)]
public sealed class FuzzTests(ServiceFixture fixture, ITestOutputHelper output)
{
    private const string Protected = "fuzz-seed";
    private const string Scratch = "fuzz-scratch";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Hostile_requests_get_no_5xx_no_hang_and_change_no_stored_data()
    {
        var requests = int.Parse(Environment.GetEnvironmentVariable("POSESEARCH_FUZZ_REQUESTS") ?? "2000", CultureInfo.InvariantCulture);
        var seed = int.Parse(Environment.GetEnvironmentVariable("POSESEARCH_FUZZ_SEED") ?? "20261201", CultureInfo.InvariantCulture);

        // POSESEARCH_FUZZ_SETTINGS="PoseSearch:RateLimits:Enabled=true;PoseSearch:RequireApiKeyForReads=true" fuzzes another configuration.
        var settings = (Environment.GetEnvironmentVariable("POSESEARCH_FUZZ_SETTINGS") ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.Split('=', 2))
            .ToDictionary(p => p[0], p => (string?)p[1]);
        await using var factory = new ApiFactory(fixture.ConnectionString, fixture.ModelFolder, settings);
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var server = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        Assert.True(server.IsLoopback);
        using var client = new HttpClient { BaseAddress = server };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.ApiKey);
        await SeedAsync(client);

        var lastCollectionBefore = await LastCollectionIdAsync();
        var before = await ChecksumAsync(lastCollectionBefore);
        var generator = new RequestGenerator(seed, ApiFactory.ApiKey, Protected, Scratch);

        // Warm-up (JIT, model, pools): one valid request of each kind, not counted.
        var warm = new RequestGenerator(seed + 1, ApiFactory.ApiKey, Protected, Scratch);
        for (var i = 0; i < 40; i++)
        {
            await RawClient.SendAsync(server, warm.Next(), TimeSpan.FromSeconds(30));
        }

        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var latencies = new List<double>(requests);
        var resets = 0;
        for (var i = 0; i < requests; i++)
        {
            var request = generator.Next();
            var outcome = await RawClient.SendAsync(server, request, Limit + TimeSpan.FromSeconds(3));
            latencies.Add(outcome.Seconds);
            statuses[outcome.Status] = statuses.GetValueOrDefault(outcome.Status) + 1;
            if (outcome.Status >= 500)
            {
                failures.Add($"#{i} {request}: {outcome.Head.Split("\r\n")[0]}");
            }
            else if (outcome.Status == 0 && !request.Oversize)
            {
                failures.Add($"#{i} {request}: no answer ({outcome.Error})");
            }
            else if (outcome.Status == 0)
            {
                resets++;
            }

            if (outcome.Seconds > Limit.TotalSeconds)
            {
                failures.Add($"#{i} {request}: {outcome.Seconds:0.00} s");
            }
        }

        var after = await ChecksumAsync(lastCollectionBefore);
        var ready = await client.GetAsync("/health/ready");
        var search = await client.PostAsJsonAsync($"/v1/collections/{Protected}/search", new { pose = PoseJson.StandingCoco17(), k = 3 });
        for (var i = 0; i < 10 && search.StatusCode == System.Net.HttpStatusCode.TooManyRequests; i++)
        {
            await Task.Delay(search.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1)); // rate limits on: the fuzzer spent this key's tokens
            search = await client.PostAsJsonAsync($"/v1/collections/{Protected}/search", new { pose = PoseJson.StandingCoco17(), k = 3 });
        }

        latencies.Sort();
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"fuzz: seed {seed}, {requests} requests{(settings.Count > 0 ? $" ({string.Join("; ", settings.Select(s => $"{s.Key}={s.Value}"))})" : "")}; statuses {string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}"))}")
            .AppendLine(CultureInfo.InvariantCulture, $"5xx: {statuses.Where(s => s.Key >= 500).Sum(s => s.Value)}; oversize bodies cut off while sending: {resets}")
            .AppendLine(CultureInfo.InvariantCulture, $"latency: p50 {1000 * latencies[latencies.Count / 2]:0.0} ms, p99 {1000 * latencies[(int)(latencies.Count * 0.99)]:0.0} ms, max {1000 * latencies[^1]:0.0} ms")
            .AppendLine(CultureInfo.InvariantCulture, $"stored data checksum before {before}, after {after}; readiness {(int)ready.StatusCode}; search {(int)search.StatusCode}")
            .ToString();
        output.WriteLine(report);
        if (Environment.GetEnvironmentVariable("POSESEARCH_FUZZ_REPORT") is { Length: > 0 } reportPath)
        {
            await File.WriteAllTextAsync(reportPath, report + string.Join(Environment.NewLine, failures) + Environment.NewLine);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failures:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(30))}");
        Assert.Equal(before, after);
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, search.StatusCode);
    }

    private static async Task SeedAsync(HttpClient client)
    {
        foreach (var name in new[] { Protected, Scratch })
        {
            if ((await client.GetAsync($"/v1/collections/{name}")).StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                (await client.PostAsJsonAsync("/v1/collections", new { name, description = "fuzz suite" })).EnsureSuccessStatusCode();
            }
        }

        var poses = Enumerable.Range(0, 20).Select(i => new
        {
            id = $"p{i}",
            pose = PoseJson.StandingCoco17(),
            metadata = new { videoId = $"v{i % 3}", frame = i, timestamp = i / 30.0, person = 0, extra = new { camera = "front", take = i } },
        }).ToArray();
        (await client.PostAsJsonAsync($"/v1/collections/{Protected}/poses", new { poses })).EnsureSuccessStatusCode();
    }

    private async Task<long> LastCollectionIdAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT coalesce(max(id), 0) FROM collections", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// md5 of every collection and pose row stored before the run (collections up to
    /// <paramref name="lastCollection"/>: a deleted one is missed, one created by the run is not
    /// counted), outside the scratch collection.
    /// </summary>
    private async Task<string> ChecksumAsync(long lastCollection)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            SELECT md5(coalesce((SELECT string_agg(c::text, '|' ORDER BY c.id) FROM collections c WHERE c.name <> '{Scratch}' AND c.id <= {lastCollection}), '')
                    || coalesce((SELECT string_agg(p::text, '|' ORDER BY p.id) FROM poses p JOIN collections c ON c.id = p.collection_id
                                 WHERE c.name <> '{Scratch}' AND c.id <= {lastCollection}), ''))
            """, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
