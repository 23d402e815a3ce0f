using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PoseSearch.Api.Tests.Infrastructure;

namespace PoseSearch.Api.Tests;

/// <summary>
/// Regression tests for the data-loss bug where <c>DELETE .../poses/%2E%2E</c> deleted the whole
/// collection: Kestrel (not the in-memory test server) decodes %2E and removes dot segments, so
/// these run the service on a real Kestrel socket and send the bytes raw.
/// </summary>
[Collection(ServiceTestGroup.Name)]
public sealed class UrlNormalizationTests(ServiceFixture fixture) : IAsyncLifetime
{
    private readonly TestVectors _vectors = TestVectors.Load(fixture.ModelFolder);
    private ApiFactory _kestrel = null!;
    private Uri _server = null!;

    public Task InitializeAsync()
    {
        _kestrel = new ApiFactory(fixture.ConnectionString, fixture.ModelFolder);
        _kestrel.UseKestrel(0);
        _kestrel.StartServer();
        var address = _kestrel.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _server = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _kestrel.DisposeAsync();

    private object Item(string id, int caseIndex) => new { id, pose = PoseJson.FromCase(_vectors.Cases[caseIndex]) };

    private async Task<string> CollectionWithPosesAsync(string prefix, params string[] ids)
    {
        var name = await fixture.CreateCollectionAsync(prefix);
        var response = await fixture.Client.PostAsJsonAsync($"/v1/collections/{name}/poses",
            new { poses = ids.Select((id, i) => Item(id, i % _vectors.Cases.Count)).ToArray() });
        response.EnsureSuccessStatusCode();
        return name;
    }

    private async Task<long> PoseCountAsync(string collection)
    {
        var response = await fixture.Anonymous.GetAsync($"/v1/collections/{collection}");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("poseCount").GetInt64();
    }

    public static TheoryData<string, string> DotSegmentTargets() => new()
    {
        { "DELETE", "/v1/collections/{c}/poses/%2E%2E" },
        { "DELETE", "/v1/collections/{c}/poses/%2e%2e" },
        { "DELETE", "/v1/collections/{c}/poses/.%2E" },
        { "DELETE", "/v1/collections/{c}/poses/.." },
        { "DELETE", "/v1/collections/{c}/poses/%2E" },
        { "DELETE", "/v1/collections/{c}/poses/%2E%2E/%2E%2E/{other}" },
        { "DELETE", "/v1/collections/{c}/poses/%2E%2E?x=1" },
        { "DELETE", "/v1/collections/{other}/%2E/" },
        { "DELETE", "/v1/%2E%2E/v1/collections/{other}" },
        { "GET", "/v1/collections/{c}/poses/%2E%2E" },
        { "GET", "/v1/collections/{c}/poses/%2E" },
        { "POST", "/v1/collections/{c}/poses/%2E%2E/%2E%2E/{other}/poses" },
    };

    [Theory]
    [MemberData(nameof(DotSegmentTargets))]
    public async Task A_dot_segment_in_any_encoding_is_refused_and_no_collection_or_pose_is_touched(string method, string template)
    {
        var collection = await CollectionWithPosesAsync("dots", "p1", "p2");
        var other = await CollectionWithPosesAsync("dots-other", "q1");
        var target = template.Replace("{c}", collection, StringComparison.Ordinal).Replace("{other}", other, StringComparison.Ordinal);

        var response = await RawHttp.SendAsync(_server, method, target, ApiFactory.ApiKey,
            method == "POST" ? JsonSerializer.Serialize(new { poses = new[] { Item("x", 0) } }) : null);

        Assert.True(response.Status == 400, $"{method} {target}: {response.Status} {response.Body}");
        Assert.Contains("application/problem+json", response.Head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("'..'", response.Body, StringComparison.Ordinal);
        Assert.Equal(2, await PoseCountAsync(collection));
        Assert.Equal(1, await PoseCountAsync(other));
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public async Task Ids_that_are_dot_segments_cannot_be_stored(string id)
    {
        var collection = await fixture.CreateCollectionAsync("dot-id");
        var problem = await ProblemAssert.IsProblemAsync(
            await fixture.Client.PostAsJsonAsync($"/v1/collections/{collection}/poses", new { poses = new[] { Item("ok", 0), Item(id, 1) } }),
            HttpStatusCode.BadRequest);
        Assert.Contains("poses[1].id", ProblemAssert.Text(problem), StringComparison.Ordinal);
        Assert.Equal(0, await PoseCountAsync(collection));
    }

    [Fact]
    public async Task An_id_holding_a_slash_and_one_holding_the_text_percent_2F_are_different_poses()
    {
        var collection = await CollectionWithPosesAsync("slash", "a/b", "a%2Fb", "..a", "a..");

        var slash = await RawHttp.SendAsync(_server, "GET", $"/v1/collections/{collection}/poses/a%2Fb");
        var literal = await RawHttp.SendAsync(_server, "GET", $"/v1/collections/{collection}/poses/a%252Fb");
        Assert.Equal(200, slash.Status);
        Assert.Equal(200, literal.Status);
        Assert.Equal("a/b", JsonDocument.Parse(slash.Body).RootElement.GetProperty("id").GetString());
        Assert.Equal("a%2Fb", JsonDocument.Parse(literal.Body).RootElement.GetProperty("id").GetString());

        // Dots inside a longer id are ordinary characters.
        Assert.Equal(200, (await RawHttp.SendAsync(_server, "GET", $"/v1/collections/{collection}/poses/..a")).Status);
        Assert.Equal(200, (await RawHttp.SendAsync(_server, "GET", $"/v1/collections/{collection}/poses/a%2E%2E")).Status);

        Assert.Equal(204, (await RawHttp.SendAsync(_server, "DELETE", $"/v1/collections/{collection}/poses/a%252Fb", ApiFactory.ApiKey)).Status);
        Assert.Equal(404, (await RawHttp.SendAsync(_server, "GET", $"/v1/collections/{collection}/poses/a%252Fb")).Status);
        Assert.Equal(200, (await RawHttp.SendAsync(_server, "GET", $"/v1/collections/{collection}/poses/a%2Fb")).Status);
        Assert.Equal(3, await PoseCountAsync(collection));
    }
}
