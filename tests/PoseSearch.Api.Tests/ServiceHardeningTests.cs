using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using PoseSearch.Api.Security;
using PoseSearch.Api.Tests.Infrastructure;
using Serilog.Core;
using Serilog.Events;
using static PoseSearch.Api.Tests.HostileInputTests;

namespace PoseSearch.Api.Tests;

/// <summary>
/// Regression tests of issue #10 (operations): logs of refused bodies, the audit line, rate
/// limits, request timeouts, and the switches for Swagger, CORS and the Server header.
/// </summary>
[Collection(ServiceTestGroup.Name)]
public sealed class ServiceHardeningTests(ServiceFixture fixture)
{
    private const string SecondKey = "second-key-0123456789abcdef";

    private ApiFactory Factory(LogCapture? logs = null, params (string Key, string? Value)[] settings)
    {
        var overrides = settings.ToDictionary(s => s.Key, s => s.Value);
        overrides["Serilog:MinimumLevel:Default"] = "Information";
        overrides["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Warning";
        var factory = new ApiFactory(fixture.ConnectionString, fixture.ModelFolder, overrides);
        if (logs is not null)
        {
            factory.ExtraServices = services => services.AddSingleton<ILogEventSink>(logs);
        }

        return factory;
    }

    [Fact]
    public async Task Unreadable_json_is_logged_as_a_400_without_a_stack_and_writes_are_audited_by_key_id()
    {
        var logs = new LogCapture();
        await using var factory = Factory(logs);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyValidator.HeaderName, ApiFactory.ApiKey);
        for (var i = 0; i < 5; i++)
        {
            var response = await client.PostAsync("/v1/collections/whatever/poses", Json("""{"poses":[{"id":"""));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        var embeddings = await client.PostAsync("/v1/embeddings", Json("""{"poses":[{"layout":"model13","keypoints":[{"x":"a"}]}]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, embeddings.StatusCode);

        var requestLines = logs.Events.Where(e => e.MessageTemplate.Text.StartsWith("HTTP", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, requestLines.Count);
        Assert.All(requestLines, e =>
        {
            Assert.Equal(LogEventLevel.Information, e.Level);
            Assert.Null(e.Exception);
            Assert.Contains("400", e.RenderMessage(), StringComparison.Ordinal);
        });
        Assert.DoesNotContain(logs.Events, e => e.Level >= LogEventLevel.Error);
        Assert.DoesNotContain(logs.Events, e => e.Exception is not null);

        var audit = logs.Events.Where(e => e.MessageTemplate.Text.StartsWith("Audit", StringComparison.Ordinal)).Select(e => e.RenderMessage()).ToList();
        Assert.Equal(5, audit.Count); // the writes only, not the embeddings
        Assert.All(audit, line => Assert.Contains(ApiKeyValidator.KeyIdOf(ApiFactory.ApiKey), line));
        Assert.DoesNotContain(logs.Rendered, line => line.Contains(ApiFactory.ApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rate_limits_answer_429_with_retry_after_per_key_and_leave_other_clients_alone()
    {
        await using var factory = Factory(null,
            ("PoseSearch:ApiKeys:1", SecondKey),
            ("PoseSearch:RateLimits:Enabled", "true"),
            ("PoseSearch:RateLimits:Embeddings:TokensPerSecond", "1"),
            ("PoseSearch:RateLimits:Embeddings:Burst", "3"),
            ("PoseSearch:RateLimits:RejectionHoldSeconds", "0"));   // answered at once; the hold has tests of its own
        using var flooder = factory.CreateClient();
        flooder.DefaultRequestHeaders.Add(ApiKeyValidator.HeaderName, ApiFactory.ApiKey);
        using var other = factory.CreateClient();
        other.DefaultRequestHeaders.Add(ApiKeyValidator.HeaderName, SecondKey);
        var body = Batch(Pose());

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10; i++)
        {
            var response = await flooder.PostAsync("/v1/embeddings", Json(body));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }

        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) is >= 3 and <= 5, string.Join(",", statuses));
        Assert.NotNull(limited);
        await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(limited.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture) >= 1);

        Assert.Equal(HttpStatusCode.OK, (await other.PostAsync("/v1/embeddings", Json(body))).StatusCode);
        // Other kinds of endpoint have buckets of their own.
        Assert.Equal(HttpStatusCode.OK, (await flooder.GetAsync("/v1/model")).StatusCode);
    }

    [Fact]
    public async Task An_over_limit_request_is_held_for_its_retry_after_then_answered_429_while_a_client_within_its_limit_is_not_held()
    {
        await using var factory = Factory(null,
            ("PoseSearch:ApiKeys:1", SecondKey),
            ("PoseSearch:RateLimits:Enabled", "true"),
            ("PoseSearch:RateLimits:Embeddings:TokensPerSecond", "1"),
            ("PoseSearch:RateLimits:Embeddings:Burst", "2"),
            ("PoseSearch:RateLimits:RejectionHoldSeconds", "5"));   // the cap; Retry-After (1 s at 1 token/s) is shorter
        using var flooder = factory.CreateClient();
        flooder.DefaultRequestHeaders.Add(ApiKeyValidator.HeaderName, ApiFactory.ApiKey);
        using var other = factory.CreateClient();
        other.DefaultRequestHeaders.Add(ApiKeyValidator.HeaderName, SecondKey);
        var body = Batch(Pose());

        // Within the limit (the burst): answered at once.
        for (var i = 0; i < 2; i++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Assert.Equal(HttpStatusCode.OK, (await flooder.PostAsync("/v1/embeddings", Json(body))).StatusCode);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(0.9), $"a request within the limit took {watch.Elapsed.TotalSeconds:0.00} s");
        }

        var held = System.Diagnostics.Stopwatch.StartNew();
        var pending = flooder.PostAsync("/v1/embeddings", Json(body));
        // Meanwhile another client within its own limit is answered at once.
        var otherWatch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await other.PostAsync("/v1/embeddings", Json(body))).StatusCode);
        Assert.True(otherWatch.Elapsed < TimeSpan.FromSeconds(0.9), $"the other client took {otherWatch.Elapsed.TotalSeconds:0.00} s");

        var limited = await pending;
        held.Stop();
        await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests);
        var retryAfter = int.Parse(limited.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1, retryAfter);
        Assert.True(held.Elapsed >= TimeSpan.FromSeconds(0.95), $"held {held.Elapsed.TotalSeconds:0.00} s, Retry-After {retryAfter} s");
        Assert.True(held.Elapsed < TimeSpan.FromSeconds(4), $"held {held.Elapsed.TotalSeconds:0.00} s: longer than its Retry-After");
    }

    [Fact]
    public async Task Held_429s_wait_without_a_thread_each_and_all_at_once()
    {
        const int Flood = 100;
        await using var factory = Factory(null,
            ("PoseSearch:RateLimits:Enabled", "true"),
            ("PoseSearch:RateLimits:Embeddings:TokensPerSecond", "1"),
            ("PoseSearch:RateLimits:Embeddings:Burst", "1"),
            ("PoseSearch:RateLimits:RejectionHoldSeconds", "1"));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyValidator.HeaderName, ApiFactory.ApiKey);
        var body = Batch(Pose());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/embeddings", Json(body))).StatusCode);   // the bucket is now empty

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var requests = Enumerable.Range(0, Flood).Select(_ => client.PostAsync("/v1/embeddings", Json(body))).ToList();
        var threadsWhileHeld = 0;
        while (!requests.All(r => r.IsCompleted) && watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            threadsWhileHeld = Math.Max(threadsWhileHeld, ThreadPool.ThreadCount);
            await Task.Delay(50);
        }

        var responses = await Task.WhenAll(requests);
        watch.Stop();
        var limited = responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(limited >= Flood - 2, $"{limited} of {Flood} answered 429");
        Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests), r => Assert.NotNull(r.Headers.RetryAfter));
        // Held one after another, or each on a thread of its own, 100 holds of 1 s would take far longer
        // (the pool adds threads slowly) or need a hundred threads.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6), $"{Flood} held requests took {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.True(threadsWhileHeld < Flood / 2, $"{threadsWhileHeld} pool threads while {Flood} requests were held");
    }

    [Fact]
    public async Task A_queue_lets_a_burst_over_the_limit_wait_for_tokens_instead_of_a_429()
    {
        await using var factory = Factory(null,
            ("PoseSearch:RateLimits:Enabled", "true"),
            ("PoseSearch:RateLimits:Embeddings:TokensPerSecond", "5"),
            ("PoseSearch:RateLimits:Embeddings:Burst", "1"),
            ("PoseSearch:RateLimits:Embeddings:QueueLimit", "3"),
            ("PoseSearch:RateLimits:RejectionHoldSeconds", "0"));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyValidator.HeaderName, ApiFactory.ApiKey);
        var body = Batch(Pose());

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.PostAsync("/v1/embeddings", Json(body))));

        // One token at once, three wait in the queue for the next ones, the other two find the queue full.
        Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Metrics_show_requests_by_route_and_status_and_rejections_by_reason()
    {
        await using var factory = Factory();
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/embeddings", Json(Batch(Pose())))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/v1/embeddings", Json("{"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/v1/collections", Json("{}"))).StatusCode);
        // A search runs the model through the batcher (its meter exists from then on); the collection is unknown.
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/v1/collections/nothing-here/search", Json($$"""{"pose":{{Pose()}}}"""))).StatusCode);

        // The exporter caches a scrape for a moment; wait for one that has seen the requests.
        var text = "";
        for (var i = 0; i < 50 && !(text.Contains("posesearch_requests_rejected", StringComparison.Ordinal) && text.Contains("posesearch_model_batch_size", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100);
            text = await client.GetStringAsync("/metrics");
        }

        Assert.Contains("http_server_request_duration_seconds_bucket", text);
        Assert.Contains("http_route=\"/v1/embeddings\"", text);
        Assert.Contains("http_response_status_code=\"400\"", text);
        Assert.Contains("posesearch_requests_rejected_total{", text);
        Assert.Contains("reason=\"unauthorized\"", text);
        Assert.Contains("reason=\"invalid_request\"", text);
        Assert.Contains("posesearch_model_queue_depth", text);
    }

    [Fact]
    public async Task Rate_limits_are_off_by_default()
    {
        var body = Batch(Pose());
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await fixture.Client.PostAsync("/v1/embeddings", Json(body))).StatusCode);
        }
    }

    [Fact]
    public async Task A_search_over_its_time_limit_answers_504_problem_details()
    {
        // One connection, held by the test: the search waits for it until its 0.5 s are up.
        await using var factory = new ApiFactory(fixture.ConnectionString + ";Timeout=30", fixture.ModelFolder,
            new Dictionary<string, string?>
            {
                ["PoseSearch:Database:MaxPoolSize"] = "1",
                ["PoseSearch:RequestTimeouts:SearchSeconds"] = "0.5",
            });
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var dataSource = factory.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        await using (await dataSource.OpenConnectionAsync())
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var response = await client.PostAsync("/v1/collections/anything/search", Json($$"""{"pose":{{Pose()}}}"""));
            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.GatewayTimeout);
            Assert.Contains("took longer than 0.5 s", problem.GetProperty("detail").GetString());
            Assert.InRange(started.Elapsed.TotalSeconds, 0.4, 5);
        }
    }

    [Theory]
    [InlineData("Production", null, false)]
    [InlineData("Production", "true", true)]
    [InlineData("Development", null, true)]
    [InlineData("Development", "false", false)]
    public async Task Swagger_is_on_or_off_by_configuration_and_off_in_production_by_default(string environment, string? enabled, bool expected)
    {
        await using var factory = Factory(null, ("PoseSearch:Swagger:Enabled", enabled));
        factory.Environment = environment;
        using var client = factory.CreateClient();
        var json = await client.GetAsync("/swagger/v1/swagger.json");
        var ui = await client.GetAsync("/swagger/index.html");
        Assert.Equal(expected ? HttpStatusCode.OK : HttpStatusCode.NotFound, json.StatusCode);
        Assert.Equal(expected ? HttpStatusCode.OK : HttpStatusCode.NotFound, ui.StatusCode);
    }

    [Fact]
    public async Task Cors_is_off_unless_origins_are_configured()
    {
        static HttpRequestMessage Preflight() => new(HttpMethod.Options, "/v1/collections/x/search")
        {
            Headers = { { "Origin", "https://app.example.com" }, { "Access-Control-Request-Method", "POST" } },
        };

        var off = await fixture.Anonymous.SendAsync(Preflight());
        Assert.False(off.Headers.Contains("Access-Control-Allow-Origin"));
        var get = new HttpRequestMessage(HttpMethod.Get, "/v1/model") { Headers = { { "Origin", "https://app.example.com" } } };
        Assert.False((await fixture.Anonymous.SendAsync(get)).Headers.Contains("Access-Control-Allow-Origin"));

        await using var factory = Factory(null, ("PoseSearch:Cors:AllowedOrigins:0", "https://app.example.com"));
        using var client = factory.CreateClient();
        var on = await client.SendAsync(Preflight());
        Assert.Equal("https://app.example.com", on.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var elsewhere = new HttpRequestMessage(HttpMethod.Get, "/v1/model") { Headers = { { "Origin", "https://evil.example.net" } } };
        Assert.False((await client.SendAsync(elsewhere)).Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Kestrel_sends_no_server_header_and_stops_reading_a_body_at_the_endpoint_limit()
    {
        await using var factory = Factory();
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)) };

        var model = await client.GetAsync("/v1/model");
        Assert.Equal(HttpStatusCode.OK, model.StatusCode);
        Assert.False(model.Headers.Contains("Server"));

        // Chunked (no Content-Length): the server itself stops at the search limit (64 KB).
        var chunked = new PushStreamContent(new string(' ', 1_000_000) + "{}");
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var response = await client.PostAsync("/v1/collections/x/search", chunked);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    /// <summary>A body without Content-Length (sent chunked).</summary>
    private sealed class PushStreamContent(string text) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            for (var offset = 0; offset < bytes.Length; offset += 16_384)
            {
                await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(16_384, bytes.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
