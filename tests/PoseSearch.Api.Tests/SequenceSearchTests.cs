using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PoseSearch.Api.Tests.Infrastructure;

namespace PoseSearch.Api.Tests;

/// <summary>
/// POST /v1/collections/{name}/search/sequence: a clip seen by one camera finds where the same
/// performance is stored as seen by the other cameras. With random-tiny only the shape of the
/// answer is asserted (a random model cannot find anything across views).
/// </summary>
[Collection(ServiceTestGroup.Name)]
public sealed class SequenceSearchTests(ServiceFixture fixture)
{
    private static readonly int[] StoredCameras = [20, 200, 290];
    private const int QueryCamera = 110;

    private bool Trained => Path.GetFileName(fixture.ModelFolder) != "random-tiny";

    /// <summary>Two takes (the routine, 200 frames; another routine, 160) per stored camera, and poses without a track.</summary>
    private async Task<string> CreateTakesAsync()
    {
        var name = await fixture.CreateCollectionAsync("takes");
        var items = new List<object>();
        foreach (var camera in StoredCameras)
        {
            items.AddRange(Enumerable.Range(0, 200).Select(f => Item($"routine@{camera}", f, camera, SyntheticMotion.Routine)));
            items.AddRange(Enumerable.Range(0, 160).Select(f => Item($"other@{camera}", f, camera, SyntheticMotion.OtherRoutine)));
        }

        // No video id or frame: found by pose search, never part of a segment.
        items.AddRange(Enumerable.Range(70, 40).Select(f => (object)new
        {
            id = $"loose-{f}",
            pose = PoseJson.Model13(SyntheticViews.Project(SyntheticMotion.At(f), QueryCamera), Enumerable.Repeat(1f, 13).ToArray()),
        }));
        foreach (var chunk in items.Chunk(50))
        {
            var response = await fixture.Client.PostAsJsonAsync($"/v1/collections/{name}/poses", new { poses = chunk });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        return name;
    }

    private static object Item(string video, int frame, int camera, IReadOnlyList<string> routine) => new
    {
        id = $"{video}-f{frame}",
        pose = PoseJson.Model13(SyntheticViews.Project(SyntheticMotion.At(frame, routine), camera), Enumerable.Repeat(1f, 13).ToArray()),
        metadata = new { videoId = video, frame, person = 0 },
    };

    private static double Iou((long Start, long End) a, (long Start, long End) b)
    {
        var intersection = Math.Max(0, Math.Min(a.End, b.End) - Math.Max(a.Start, b.Start) + 1);
        return intersection / (double)(a.End - a.Start + 1 + b.End - b.Start + 1 - intersection);
    }

    [Fact]
    public async Task A_clip_from_another_camera_finds_the_same_stretch_of_every_stored_view()
    {
        var name = await CreateTakesAsync();
        var response = await fixture.Anonymous.PostAsJsonAsync($"/v1/collections/{name}/search/sequence",
            new { query = SyntheticMotion.Sequence(70, 40, QueryCamera), k = 5 });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var result = JsonDocument.Parse(body).RootElement;

        var segments = result.GetProperty("segments").EnumerateArray().ToList();
        Assert.NotEmpty(segments);
        Assert.InRange(segments.Count, 1, 5);
        Assert.True(result.GetProperty("candidatesShortlisted").GetInt32() > 0);
        Assert.True(result.GetProperty("windowsVerified").GetInt32() >= segments.Count);
        var scores = segments.Select(s => s.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        foreach (var segment in segments)
        {
            var video = segment.GetProperty("videoId").GetString()!;
            Assert.Matches("^(routine|other)@", video); // never the loose poses
            Assert.Equal(0, segment.GetProperty("person").GetInt32());
            var alignment = segment.GetProperty("alignment").EnumerateArray().ToList();
            Assert.Equal(70, alignment[0].GetProperty("frameA").GetInt64());
            Assert.Equal(109, alignment[^1].GetProperty("frameA").GetInt64());
            Assert.Equal(segment.GetProperty("startFrame").GetInt64(), alignment[0].GetProperty("frameB").GetInt64());
            Assert.Equal(segment.GetProperty("endFrame").GetInt64(), alignment[^1].GetProperty("frameB").GetInt64());
            Assert.Equal(alignment.Average(p => p.GetProperty("probability").GetDouble()), segment.GetProperty("score").GetDouble(), 9);
            // The frame span over the query's 40 frames; never under half of it (a clip crowded onto a held pose is dropped).
            var span = segment.GetProperty("endFrame").GetInt64() - segment.GetProperty("startFrame").GetInt64() + 1;
            Assert.Equal(span / 40.0, segment.GetProperty("speedRatio").GetDouble(), 9);
            Assert.True(span >= 20, $"{video}: a segment of {span} frames");
        }

        // Segments of one track never overlap.
        var spans = segments.Select(s => (Video: s.GetProperty("videoId").GetString(), Start: s.GetProperty("startFrame").GetInt64(), End: s.GetProperty("endFrame").GetInt64())).ToList();
        for (var i = 0; i < spans.Count; i++)
        {
            for (var j = i + 1; j < spans.Count; j++)
            {
                Assert.False(spans[i].Video == spans[j].Video && spans[i].Start <= spans[j].End && spans[j].Start <= spans[i].End, $"{spans[i]} overlaps {spans[j]}");
            }
        }

        if (Trained)
        {
            // The three stored views of the routine, each at the clip's frames, come first.
            var top = spans.Take(3).ToList();
            Assert.Equal(StoredCameras.Select(c => $"routine@{c}").Order(), top.Select(s => s.Video).Order());
            Assert.All(top, s => Assert.True(Iou((s.Start, s.End), (70, 109)) >= 0.5, $"{s} vs frames 70-109"));
        }
    }

    [Fact]
    public async Task Bad_queries_are_400s_naming_the_field_and_an_unknown_collection_is_404()
    {
        var name = await fixture.CreateCollectionAsync("seq-bad");
        var badK = await fixture.Anonymous.PostAsJsonAsync($"/v1/collections/{name}/search/sequence", new { query = SyntheticMotion.Sequence(0, 5, 20), k = 0 });
        Assert.Contains("k: must be between 1 and 50, got 0", ProblemAssert.Text(await ProblemAssert.IsProblemAsync(badK, HttpStatusCode.BadRequest)));

        var noQuery = await fixture.Anonymous.PostAsJsonAsync($"/v1/collections/{name}/search/sequence", new { k = 3 });
        Assert.Contains("query: a sequence is required", ProblemAssert.Text(await ProblemAssert.IsProblemAsync(noQuery, HttpStatusCode.BadRequest)));

        var tooLong = await fixture.Anonymous.PostAsJsonAsync($"/v1/collections/{name}/search/sequence", new { query = SyntheticMotion.Sequence(0, 301, 20) });
        Assert.Contains("query.frames: at most 300 frames per sequence, got 301",
            ProblemAssert.Text(await ProblemAssert.IsProblemAsync(tooLong, HttpStatusCode.BadRequest)));

        var unknown = await fixture.Anonymous.PostAsJsonAsync("/v1/collections/no-such-collection/search/sequence", new { query = SyntheticMotion.Sequence(0, 5, 20) });
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_collection_without_tracks_returns_no_segments()
    {
        var name = await fixture.CreateCollectionAsync("seq-loose");
        var loose = Enumerable.Range(0, 20).Select(f => new
        {
            id = $"p{f}",
            pose = PoseJson.Model13(SyntheticViews.Project(SyntheticMotion.At(f), 20), Enumerable.Repeat(1f, 13).ToArray()),
            metadata = new { videoId = "v" }, // a video but no frame numbers
        });
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.PostAsJsonAsync($"/v1/collections/{name}/poses", new { poses = loose })).StatusCode);

        var response = await fixture.Anonymous.PostAsJsonAsync($"/v1/collections/{name}/search/sequence", new { query = SyntheticMotion.Sequence(0, 20, 110) });
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(result.GetProperty("segments").EnumerateArray());
        Assert.Equal(0, result.GetProperty("windowsVerified").GetInt32());
        Assert.True(result.GetProperty("candidatesShortlisted").GetInt32() > 0);
    }
}
