using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PoseSearch.Api.Security;
using PoseSearch.Api.Tests.Infrastructure;

namespace PoseSearch.Api.Tests;

/// <summary>
/// A collection's temporal windows (POST/GET /v1/collections/{name}/windows) and sequence search
/// shortlisting through them: built with the loaded temporal model, reported stale after an ingest,
/// and "windows" named as the shortlist; without windows (or without a temporal model) the search
/// shortlists through the pose index as before, and building is a 400.
/// </summary>
[Collection(ServiceTestGroup.Name)]
public sealed class WindowSearchTests(ServiceFixture fixture) : IAsyncLifetime
{
    private static readonly int[] StoredCameras = [20, 200, 290];
    private const int QueryCamera = 110;

    private TemporalModelService _service = null!;

    private HttpClient Client => _service.Client;

    private bool Trained => Path.GetFileName(fixture.ModelFolder) != "random-tiny";

    public Task InitializeAsync()
    {
        _service = new TemporalModelService(fixture);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    private static Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected) => JsonResponse.ReadAsync(response, expected);

    private static object Item(string video, int frame, int camera, IReadOnlyList<string> routine) => new
    {
        id = $"{video}-f{frame}",
        pose = PoseJson.Model13(SyntheticViews.Project(SyntheticMotion.At(frame, routine), camera), Enumerable.Repeat(1f, 13).ToArray()),
        metadata = new { videoId = video, frame, person = 0 },
    };

    /// <summary>Per stored camera, the routine (200 frames) and another routine (160).</summary>
    private async Task<string> CreateTakesAsync(string prefix)
    {
        var name = await fixture.CreateCollectionAsync(prefix);
        var items = StoredCameras.SelectMany(camera =>
            Enumerable.Range(0, 200).Select(f => Item($"routine@{camera}", f, camera, SyntheticMotion.Routine))
                .Concat(Enumerable.Range(0, 160).Select(f => Item($"other@{camera}", f, camera, SyntheticMotion.OtherRoutine)))).ToList();
        foreach (var chunk in items.Chunk(50))
        {
            await JsonAsync(await Client.PostAsJsonAsync($"/v1/collections/{name}/poses", new { poses = chunk }), HttpStatusCode.OK);
        }

        return name;
    }

    private async Task<JsonElement> SearchAsync(string name) => await JsonAsync(
        await Client.PostAsJsonAsync($"/v1/collections/{name}/search/sequence", new { query = SyntheticMotion.Sequence(70, 40, QueryCamera), k = 5 }),
        HttpStatusCode.OK);

    [Fact]
    public async Task Built_windows_shortlist_the_sequence_search_and_go_stale_after_an_ingest()
    {
        var name = await CreateTakesAsync("windows");
        Assert.Equal("frames", (await SearchAsync(name)).GetProperty("shortlist").GetString());
        await ProblemAssert.IsProblemAsync(await Client.GetAsync($"/v1/collections/{name}/windows"), HttpStatusCode.NotFound);

        var built = await JsonAsync(await Client.PostAsync($"/v1/collections/{name}/windows", null), HttpStatusCode.OK);
        Assert.Equal(("prvipe-temporal-v1", 1080L, 1080L, false), (built.GetProperty("model").GetString(),
            built.GetProperty("windowCount").GetInt64(), built.GetProperty("poseCount").GetInt64(), built.GetProperty("stale").GetBoolean()));

        var result = await SearchAsync(name);
        Assert.Equal("windows", result.GetProperty("shortlist").GetString());
        Assert.True(result.GetProperty("candidatesShortlisted").GetInt32() > 0);
        var segments = result.GetProperty("segments").EnumerateArray().ToList();
        Assert.NotEmpty(segments);
        foreach (var segment in segments)
        {
            var alignment = segment.GetProperty("alignment").EnumerateArray().ToList();
            Assert.Equal((70L, 109L), (alignment[0].GetProperty("frameA").GetInt64(), alignment[^1].GetProperty("frameA").GetInt64()));
        }

        if (Trained)
        {
            // The temporal shortlist proposes the routine's stretch in every stored view; DTW places it.
            var top = segments.Take(3).Select(s => (Video: s.GetProperty("videoId").GetString()!, Start: s.GetProperty("startFrame").GetInt64(), End: s.GetProperty("endFrame").GetInt64())).ToList();
            Assert.Equal(StoredCameras.Select(c => $"routine@{c}").Order(), top.Select(s => s.Video).Order());
            Assert.All(top, s => Assert.True(Math.Min(s.End, 109) - Math.Max(s.Start, 70) + 1 >= 20, $"{s} vs frames 70-109"));
        }

        await JsonAsync(await Client.PostAsJsonAsync($"/v1/collections/{name}/poses",
            new { poses = new[] { Item("routine@20", 200, 20, SyntheticMotion.Routine) } }), HttpStatusCode.OK);
        var stale = await JsonAsync(await Client.GetAsync($"/v1/collections/{name}/windows"), HttpStatusCode.OK);
        Assert.True(stale.GetProperty("stale").GetBoolean());
        Assert.Equal(1080L, stale.GetProperty("poseCount").GetInt64());
        var rebuilt = await JsonAsync(await Client.PostAsync($"/v1/collections/{name}/windows", null), HttpStatusCode.OK);
        Assert.Equal((1081L, false), (rebuilt.GetProperty("windowCount").GetInt64(), rebuilt.GetProperty("stale").GetBoolean()));
    }

    [Fact]
    public async Task Without_a_temporal_model_building_is_a_400_and_search_shortlists_frames()
    {
        var name = await fixture.CreateCollectionAsync("no-temporal");
        var refused = await fixture.Client.PostAsync($"/v1/collections/{name}/windows", null);
        Assert.Contains("model: building windows needs a temporal model", ProblemAssert.Text(await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.BadRequest)));
        Assert.Equal(0, await fixture.CountAsync($"pose_window_sets s JOIN collections c ON c.id = s.collection_id WHERE c.name = '{name}'"));

        var unknown = await Client.PostAsync("/v1/collections/no-such-collection/windows", null);
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
        var readOnly = await fixture.Anonymous.PostAsync($"/v1/collections/{name}/windows", null);
        Assert.True(readOnly.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, readOnly.StatusCode.ToString());
    }
}
