using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PoseSearch.Api.Security;
using PoseSearch.Api.Tests.Infrastructure;

namespace PoseSearch.Api.Tests;

/// <summary>
/// A temporal model served beside the single-frame default (PoseSearch:Model:AdditionalPaths): listed
/// with its kind and window, used by POST /v1/align's "temporal" distance, refused as a collection's model;
/// without one loaded, the temporal distance is a 400.
/// </summary>
[Collection(ServiceTestGroup.Name)]
public sealed class TemporalModelTests(ServiceFixture fixture) : IAsyncLifetime
{
    private TemporalModelService _service = null!;

    private HttpClient Client => _service.Client;

    public Task InitializeAsync()
    {
        _service = new TemporalModelService(fixture);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    private static Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected) => JsonResponse.ReadAsync(response, expected);

    [Fact]
    public async Task The_model_list_shows_the_temporal_model_with_its_kind_and_window_after_the_default()
    {
        var models = (await JsonAsync(await Client.GetAsync("/v1/models"), HttpStatusCode.OK)).GetProperty("models").EnumerateArray().ToList();

        Assert.Equal(2, models.Count);
        Assert.True(models[0].GetProperty("isDefault").GetBoolean());
        Assert.Equal("single-frame", models[0].GetProperty("card").GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, models[0].GetProperty("card").GetProperty("window").ValueKind);

        var temporal = models[1];
        Assert.False(temporal.GetProperty("isDefault").GetBoolean());
        Assert.True(temporal.GetProperty("loadSeconds").GetDouble() > 0);
        var card = temporal.GetProperty("card");
        Assert.Equal(("prvipe-temporal-v1", "temporal"), (card.GetProperty("name").GetString(), card.GetProperty("kind").GetString()));
        var window = card.GetProperty("window");
        Assert.Equal((7, 1, 30.0), (window.GetProperty("length").GetInt32(), window.GetProperty("stride").GetInt32(), window.GetProperty("frameRate").GetDouble()));

        // The default model's own card is unchanged by the temporal one.
        var model = await JsonAsync(await Client.GetAsync("/v1/model"), HttpStatusCode.OK);
        Assert.Equal(models[0].GetProperty("card").GetProperty("name").GetString(), model.GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_temporal_distance_locates_a_clip_from_another_camera_by_windows()
    {
        // 40 frames (70-109) seen from 110 degrees, inside 200 frames seen from 20 degrees (as AlignTests, with windows).
        var result = await JsonAsync(await Client.PostAsJsonAsync("/v1/align", new
        {
            a = SyntheticMotion.Sequence(70, 40, 110),
            b = SyntheticMotion.Sequence(0, 200, 20),
            subsequence = true,
            distance = "temporal",
        }), HttpStatusCode.OK);

        Assert.Equal("temporal", result.GetProperty("distance").GetString());
        Assert.Equal("prvipe-temporal-v1", result.GetProperty("model").GetString());
        var path = result.GetProperty("path").EnumerateArray()
            .Select(p => (A: p.GetProperty("frameA").GetInt64(), B: p.GetProperty("frameB").GetInt64(), P: p.GetProperty("probability").GetDouble(), Cost: p.GetProperty("cost").GetDouble()))
            .ToList();
        Assert.Equal((70L, 109L), (path[0].A, path[^1].A));
        Assert.All(path, p => Assert.Equal(Math.Exp(-p.Cost), p.P, 5)); // the probability is the temporal model's, of the cell's windows
        Assert.InRange(result.GetProperty("startB").GetInt64(), 67, 73);
        Assert.InRange(result.GetProperty("endB").GetInt64(), 106, 112);
        var errors = path.GroupBy(p => p.A).Select(g => Math.Abs(g.Average(p => p.B) - g.Key)).Order().ToList();
        Assert.True(errors[errors.Count / 2] <= 2, $"median frame error {errors[errors.Count / 2]}");
    }

    [Fact]
    public async Task A_sequence_shorter_than_the_window_is_padded_and_aligned()
    {
        var result = await JsonAsync(await Client.PostAsJsonAsync("/v1/align", new
        {
            a = SyntheticMotion.Sequence(10, 3, 110),
            b = SyntheticMotion.Sequence(0, 30, 20),
            subsequence = true,
            distance = "temporal",
        }), HttpStatusCode.OK);

        Assert.Equal(3, result.GetProperty("path").EnumerateArray().Select(p => p.GetProperty("frameA").GetInt64()).Distinct().Count());
    }

    [Fact]
    public async Task A_collection_cannot_be_pinned_or_re_embedded_to_the_temporal_model()
    {
        var problem = await JsonAsync(await Client.PostAsJsonAsync("/v1/collections", new { name = $"windows-{Guid.NewGuid():N}"[..20], model = "prvipe-temporal-v1" }),
            HttpStatusCode.BadRequest);
        Assert.Contains("'prvipe-temporal-v1' is a temporal model", problem.GetProperty("errors").GetProperty("model")[0].GetString());

        var existing = await fixture.CreateCollectionAsync("frames");
        problem = await JsonAsync(await Client.PostAsJsonAsync($"/v1/collections/{existing}/reembed", new { model = "prvipe-temporal-v1" }), HttpStatusCode.BadRequest);
        Assert.Contains("'prvipe-temporal-v1' is a temporal model", problem.GetProperty("errors").GetProperty("model")[0].GetString());
    }

    [Fact]
    public async Task Without_a_temporal_model_the_temporal_distance_is_a_400_saying_how_to_load_one()
    {
        var response = await fixture.Anonymous.PostAsJsonAsync("/v1/align", new
        {
            a = SyntheticMotion.Sequence(0, 5, 20),
            b = SyntheticMotion.Sequence(0, 5, 110),
            distance = "temporal",
        });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var message = problem.GetProperty("errors").GetProperty("distance")[0].GetString()!;
        Assert.Contains("'temporal' needs a temporal model", message);
        Assert.Contains("PoseSearch:Model:AdditionalPaths", message);
    }

    [Fact]
    public async Task A_temporal_model_as_the_default_stops_the_start_with_the_reason()
    {
        await using var factory = new ApiFactory(fixture.ConnectionString, TemporalModelService.TemporalFolder);
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("is a temporal model (windows of 7 frames)", error.ToString());
    }
}
