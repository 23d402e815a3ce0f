using System.Net;
using System.Net.Http.Json;
using Npgsql;
using PoseSearch.Api.Startup;
using PoseSearch.Api.Tests.Infrastructure;
using PoseSearch.Storage;

namespace PoseSearch.Api.Tests;

/// <summary>
/// The service caps its database connections (PoseSearch:Database:MaxPoolSize), and a request that
/// gets no connection in time answers 503 with Retry-After instead of a 500.
/// </summary>
[Collection(ServiceTestGroup.Name)]
public sealed class ConnectionPoolTests(ServiceFixture fixture)
{
    [Theory]
    [InlineData(0, 1, 4)]
    [InlineData(0, 2, 4)]
    [InlineData(0, 8, 16)]
    [InlineData(3, 8, 3)]
    public void The_automatic_pool_size_is_two_per_core_and_at_least_four(int configured, int cores, int expected)
        => Assert.Equal(expected, new DatabaseOptions { MaxPoolSize = configured }.EffectiveMaxPoolSize(cores));

    [Fact]
    public async Task The_configured_cap_applies_unless_the_connection_string_names_one()
    {
        await using var capped = new ApiFactory(fixture.ConnectionString, fixture.ModelFolder,
            new Dictionary<string, string?> { ["PoseSearch:Database:MaxPoolSize"] = "3" });
        Assert.Equal(3, new NpgsqlConnectionStringBuilder(capped.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString).MaxPoolSize);

        await using var explicitSize = new ApiFactory(fixture.ConnectionString + ";Maximum Pool Size=7", fixture.ModelFolder,
            new Dictionary<string, string?> { ["PoseSearch:Database:MaxPoolSize"] = "3" });
        Assert.Equal(7, new NpgsqlConnectionStringBuilder(explicitSize.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString).MaxPoolSize);
    }

    [Fact]
    public async Task A_request_that_gets_no_connection_in_time_answers_503_with_retry_after()
    {
        // One connection, one second to wait for it; the test holds that connection.
        await using var factory = new ApiFactory(fixture.ConnectionString + ";Timeout=1", fixture.ModelFolder,
            new Dictionary<string, string?> { ["PoseSearch:Database:MaxPoolSize"] = "1" });
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        var dataSource = factory.Services.GetRequiredService<NpgsqlDataSource>();
        await using (await dataSource.OpenConnectionAsync())
        {
            var response = await client.PostAsJsonAsync("/v1/collections/anything/search", new { pose = PoseJson.StandingCoco17(), k = 5 });
            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("connection in time", ProblemAssert.Text(problem));
            Assert.Equal("1", response.Headers.RetryAfter?.ToString());
        }

        // Once the connection is back, the same request is answered normally (the collection does not exist).
        var after = await client.PostAsJsonAsync("/v1/collections/anything/search", new { pose = PoseJson.StandingCoco17(), k = 5 });
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }
}
