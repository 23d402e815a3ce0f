using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Npgsql;
using PoseSearch.Api.Security;
using PoseSearch.Api.Tests.Infrastructure;
using Xunit.Abstractions;
using static PoseSearch.Api.Tests.HostileInputTests;

namespace PoseSearch.Api.Tests;

/// <summary>
/// Issue #10, database faults: the test's own PostgreSQL is killed (SIGKILL to the postmaster)
/// in the middle of a stream of ingest batches and searches, then restarted on the same port.
/// Every acknowledged pose is there afterwards, no batch is half-written, clients see 503 with
/// Retry-After meanwhile (never a 500, never a hang), readiness goes red and back to green within
/// 5 s of the database's return, and the service is not restarted.
/// </summary>
[Collection(ServiceTestGroup.Name)]
public sealed class DatabaseFaultTests(ServiceFixture fixture, ITestOutputHelper output)
{
    private const int BatchSize = 10;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    private sealed record Attempt(int Batch, HttpStatusCode? Status, double Seconds, string? RetryAfter, string Body);

    [Fact]
    public async Task A_crash_during_ingest_and_search_loses_no_acknowledged_pose_and_answers_503_until_the_database_is_back()
    {
        var postgres = new PostgresCluster { Durable = true };
        await postgres.InitializeAsync();
        try
        {
            await CrashDuringIngestAndSearchAsync(postgres);
        }
        finally
        {
            await postgres.DisposeAsync();
        }
    }

    private async Task CrashDuringIngestAndSearchAsync(PostgresCluster postgres)
    {
        var connectionString = await postgres.CreateDatabaseAsync("faults") + ";Timeout=3;Command Timeout=5";
        await using var factory = new ApiFactory(connectionString, fixture.ModelFolder);
        using var writer = factory.CreateClient();
        writer.DefaultRequestHeaders.Add(ApiKeyValidator.HeaderName, ApiFactory.ApiKey);
        using var reader = factory.CreateClient();
        using var probe = factory.CreateClient();
        (await writer.PostAsync("/v1/collections", Json("""{"name":"faults"}"""))).EnsureSuccessStatusCode();

        var ingests = new ConcurrentQueue<Attempt>();
        var searches = new ConcurrentQueue<Attempt>();
        using var stop = new CancellationTokenSource();
        var ingestLoop = Task.Run(async () =>
        {
            for (var b = 0; !stop.IsCancellationRequested; b++)
            {
                var body = Batch(Enumerable.Range(0, BatchSize).Select(i => Item($"b{b}-{i}", Pose())).ToArray());
                var attempt = await SendAsync(writer, "/v1/collections/faults/poses", body, b);
                ingests.Enqueue(attempt);
                if (attempt.Status != HttpStatusCode.OK)
                {
                    await Task.Delay(100); // a client backing off (shorter than Retry-After, to keep the test short)
                }
            }
        });
        var searchLoop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                searches.Enqueue(await SendAsync(reader, "/v1/collections/faults/search", $$"""{"pose":{{Pose()}},"k":3}""", -1));
                await Task.Delay(20);
            }
        });

        await WaitUntilAsync(() => ingests.Count(a => a.Status == HttpStatusCode.OK) >= 10, TimeSpan.FromSeconds(60));
        var acknowledgedBefore = ingests.Count(a => a.Status == HttpStatusCode.OK);
        await postgres.KillAsync();
        var killed = Stopwatch.StartNew();

        // Readiness turns red.
        await WaitUntilAsync(async () => (await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(5));
        var readyRed = killed.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(2)); // the streams run against a dead database meanwhile

        await postgres.RestartAsync();
        var back = Stopwatch.StartNew();
        await WaitUntilAsync(async () => (await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(5));
        var readyGreen = back.Elapsed;

        var acknowledgedAtReturn = ingests.Count(a => a.Status == HttpStatusCode.OK);
        await WaitUntilAsync(() => ingests.Count(a => a.Status == HttpStatusCode.OK) >= acknowledgedAtReturn + 10, TimeSpan.FromSeconds(30));
        await WaitUntilAsync(() => searches.Count(a => a.Status == HttpStatusCode.OK) > 0 && searches.Last().Status == HttpStatusCode.OK, TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await Task.WhenAll(ingestLoop, searchLoop);

        // What the clients saw: 200 or 503 (with Retry-After and a problem body), nothing slower than the command timeout.
        foreach (var attempt in ingests.Concat(searches))
        {
            Assert.True(attempt.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"batch {attempt.Batch}: {attempt.Status} {attempt.Body}");
            Assert.True(attempt.Seconds < CommandTimeout.TotalSeconds + 1, $"batch {attempt.Batch}: {attempt.Seconds:0.0} s");
            if (attempt.Status == HttpStatusCode.ServiceUnavailable)
            {
                Assert.NotNull(attempt.RetryAfter);
                Assert.Contains("\"status\":503", attempt.Body, StringComparison.Ordinal);
            }
        }

        Assert.Contains(ingests, a => a.Status == HttpStatusCode.ServiceUnavailable);
        Assert.Contains(searches, a => a.Status == HttpStatusCode.ServiceUnavailable);

        // What the database holds: every acknowledged batch whole, every other batch whole or absent.
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT p.external_id FROM poses p JOIN collections c ON c.id = p.collection_id WHERE c.name = 'faults'", connection);
            await using var rows = await command.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                stored.Add(rows.GetString(0));
            }
        }

        var acknowledged = ingests.Where(a => a.Status == HttpStatusCode.OK).ToList();
        foreach (var attempt in ingests)
        {
            var present = Enumerable.Range(0, BatchSize).Count(i => stored.Contains($"b{attempt.Batch}-{i}"));
            Assert.True(present is 0 or BatchSize, $"batch {attempt.Batch} ({attempt.Status}) is half-written: {present} of {BatchSize}");
            if (attempt.Status == HttpStatusCode.OK)
            {
                Assert.Equal(BatchSize, present);
            }
        }

        var refused = ingests.Count(a => a.Status == HttpStatusCode.ServiceUnavailable);
        output.WriteLine(
            $"ingest batches: {ingests.Count} sent, {acknowledged.Count} acknowledged ({acknowledged.Count * BatchSize} poses, {acknowledgedBefore} batches before the kill), " +
            $"{refused} answered 503; stored poses {stored.Count}, acknowledged poses missing {acknowledged.Sum(a => Enumerable.Range(0, BatchSize).Count(i => !stored.Contains($"b{a.Batch}-{i}")))}; " +
            $"searches: {searches.Count} ({searches.Count(a => a.Status == HttpStatusCode.ServiceUnavailable)} answered 503); " +
            $"slowest response {ingests.Concat(searches).Max(a => a.Seconds):0.000} s; readiness red {readyRed.TotalSeconds:0.00} s after the kill, " +
            $"green {readyGreen.TotalSeconds:0.00} s after the restart");
    }

    private static async Task<Attempt> SendAsync(HttpClient client, string path, string body, int batch)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            return new Attempt(batch, response.StatusCode, watch.Elapsed.TotalSeconds, response.Headers.RetryAfter?.ToString(), text);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            return new Attempt(batch, null, watch.Elapsed.TotalSeconds, null, e.Message);
        }
    }

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan limit) => WaitUntilAsync(() => Task.FromResult(condition()), limit);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < limit, $"condition not met within {limit.TotalSeconds} s");
            await Task.Delay(100);
        }
    }
}
