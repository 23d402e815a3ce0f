using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PoseSearch.Api.Tests.Infrastructure;

namespace PoseSearch.Api.Tests;

/// <summary>
/// POST /v1/align on synthetic motion seen by different cameras, where the true correspondence is
/// known. Only a trained model can align across views; with random-tiny the responses must still
/// be well-formed paths, which is all that is asserted then.
/// </summary>
[Collection(ServiceTestGroup.Name)]
public sealed class AlignTests(ServiceFixture fixture)
{
    private bool Trained => Path.GetFileName(fixture.ModelFolder) != "random-tiny";

    private async Task<JsonElement> AlignAsync(object request)
    {
        var response = await fixture.Anonymous.PostAsJsonAsync("/v1/align", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static List<(long A, long B, double P)> PathOf(JsonElement result) => result.GetProperty("path").EnumerateArray()
        .Select(p => (p.GetProperty("frameA").GetInt64(), p.GetProperty("frameB").GetInt64(), p.GetProperty("probability").GetDouble()))
        .ToList();

    private static void AssertWellFormed(List<(long A, long B, double P)> path, long firstA, long lastA)
    {
        Assert.Equal(firstA, path[0].A);
        Assert.Equal(lastA, path[^1].A);
        for (var i = 1; i < path.Count; i++)
        {
            var (da, db) = (path[i].A - path[i - 1].A, path[i].B - path[i - 1].B);
            Assert.True(da is 0 or 1 && db is 0 or 1 && da + db > 0, $"step {i}: ({path[i - 1].A}, {path[i - 1].B}) -> ({path[i].A}, {path[i].B})");
        }

        Assert.All(path, p => Assert.InRange(p.P, 1e-9, 1.0));
    }

    /// <summary>Median |matched frame of B - true frame of B| over the frames of A.</summary>
    private static double MedianError(List<(long A, long B, double P)> path, Func<long, double> trueB) =>
        path.GroupBy(p => p.A).Select(g => Math.Abs(g.Average(p => p.B) - trueB(g.Key))).Order().ElementAt(path.Select(p => p.A).Distinct().Count() / 2);

    [Fact]
    public async Task A_clip_from_another_camera_is_located_in_a_longer_take()
    {
        // 40 frames (70-109, from mid-movement to mid-movement) seen from 110 degrees, inside 200 frames seen from 20 degrees.
        var result = await AlignAsync(new { a = SyntheticMotion.Sequence(70, 40, 110), b = SyntheticMotion.Sequence(0, 200, 20), subsequence = true });

        var path = PathOf(result);
        AssertWellFormed(path, 70, 109);
        Assert.True(result.GetProperty("subsequence").GetBoolean());
        Assert.Equal("match-prob", result.GetProperty("distance").GetString());
        Assert.Equal(40, result.GetProperty("framesA").GetInt32());
        Assert.Equal(path[0].B, result.GetProperty("startB").GetInt64());
        Assert.Equal(path[^1].B, result.GetProperty("endB").GetInt64());
        if (Trained)
        {
            Assert.InRange(result.GetProperty("startB").GetInt64(), 67, 73);
            Assert.InRange(result.GetProperty("endB").GetInt64(), 106, 112);
            Assert.True(MedianError(path, a => a) <= 2, $"median frame error {MedianError(path, a => a)}");
            Assert.True(result.GetProperty("meanProbability").GetDouble() > 0.5, result.ToString());
        }
    }

    [Fact]
    public async Task A_slower_take_from_another_camera_is_aligned_frame_by_frame()
    {
        // B performs A's 160 frames at 0.8x speed (200 frames), seen from behind-left.
        var b = new { frames = Enumerable.Range(0, 200).Select(j => SyntheticMotion.Frame(j, j * 0.8, 200)).ToArray() };
        var result = await AlignAsync(new { a = SyntheticMotion.Sequence(0, 160, 20), b });

        var path = PathOf(result);
        AssertWellFormed(path, 0, 159);
        Assert.Equal(0, path[0].B);
        Assert.Equal(199, path[^1].B);
        Assert.Equal(200 / 160.0, result.GetProperty("speedRatio").GetDouble(), 6);
        var costs = result.GetProperty("path").EnumerateArray().Select(p => p.GetProperty("cost").GetDouble()).ToList();
        Assert.Equal(costs.Sum(), result.GetProperty("totalCost").GetDouble(), 3);
        Assert.Equal(costs.Average(), result.GetProperty("meanCost").GetDouble(), 6);
        if (Trained)
        {
            var error = MedianError(path, a => a / 0.8);
            Assert.True(error <= 2, $"median frame error {error}");
        }
    }

    [Fact]
    public async Task Frames_without_anchor_joints_are_skipped_and_timestamps_come_back()
    {
        var frames = Enumerable.Range(0, 30).Select(f => (object)new
        {
            timestampSeconds = f / 30.0,
            pose = PoseJson.Model13(SyntheticViews.Project(SyntheticMotion.At(f), 20),
                f == 5 ? [1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1] : Enumerable.Repeat(1f, 13).ToArray()),
        }).Reverse().ToArray(); // any order: sorted by time
        var result = await AlignAsync(new { a = new { frames }, b = SyntheticMotion.Sequence(0, 40, 110), subsequence = true, distance = "mean-l2" });

        Assert.Equal([5L], result.GetProperty("skippedA").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Empty(result.GetProperty("skippedB").EnumerateArray());
        Assert.Equal("mean-l2", result.GetProperty("distance").GetString());
        var path = result.GetProperty("path").EnumerateArray().ToList();
        Assert.DoesNotContain(path, p => p.GetProperty("frameA").GetInt64() == 5);
        Assert.All(path, p => Assert.Equal(p.GetProperty("frameA").GetInt64() / 30.0, p.GetProperty("timestampSecondsA").GetDouble(), 9));
        Assert.All(path, p => Assert.Equal(JsonValueKind.Null, p.GetProperty("timestampSecondsB").ValueKind));
    }

    [Fact]
    public async Task The_raw_2d_baseline_runs_without_the_model_distance()
    {
        var result = await AlignAsync(new { a = SyntheticMotion.Sequence(0, 20, 20), b = SyntheticMotion.Sequence(0, 20, 20), distance = "raw-2d" });
        var path = PathOf(result);
        AssertWellFormed(path, 0, 19);
        // The same frames from the same camera: the diagonal at zero cost.
        Assert.All(path, p => Assert.Equal(p.A, p.B));
        Assert.Equal(0, result.GetProperty("totalCost").GetDouble(), 4);
    }

    public static TheoryData<string, string, string> BadRequests() => new()
    {
        { "unknown distance", """{"a": SEQ, "b": SEQ, "distance": "dtw"}""", "distance" },
        { "no sequence a", """{"b": SEQ}""", "a" },
        { "no frames in b", """{"a": SEQ, "b": {"frames": []}}""", "b.frames" },
        { "frame and timestamp mixed", """{"a": {"frames": [{"frame": 0, "pose": POSE}, {"timestampSeconds": 0.5, "pose": POSE}]}, "b": SEQ}""", "a.frames" },
        { "frame number repeated", """{"a": {"frames": [{"frame": 3, "pose": POSE}, {"frame": 3, "pose": POSE}]}, "b": SEQ}""", "a.frames[1].frame" },
        { "negative frame", """{"a": {"frames": [{"frame": -1, "pose": POSE}]}, "b": SEQ}""", "a.frames[0].frame" },
        { "bad layout", """{"a": SEQ, "b": {"frames": [{"frame": 0, "pose": POSE}, {"frame": 1, "pose": {"layout": "coco18", "keypoints": [{"x": 1, "y": 2}]}}]}}""", "b.frames[1].pose.layout" },
        { "no anchors anywhere", """{"a": {"frames": [{"frame": 0, "pose": NOANCHORS}]}, "b": SEQ}""", "a.frames" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_a_400_naming_the_field(string label, string template, string field)
    {
        var pose = JsonSerializer.Serialize(PoseJson.Model13(SyntheticViews.Project(SyntheticMotion.At(0), 20), Enumerable.Repeat(1f, 13).ToArray()));
        var noAnchors = JsonSerializer.Serialize(PoseJson.Model13(SyntheticViews.Project(SyntheticMotion.At(0), 20), [1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1]));
        var sequence = $$"""{"frames": [{"frame": 0, "pose": {{pose}}}, {"frame": 1, "pose": {{pose}}}]}""";
        var body = template.Replace("SEQ", sequence).Replace("NOANCHORS", noAnchors).Replace("POSE", pose);
        var response = await fixture.Anonymous.PostAsync("/v1/align", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.True(fields.Contains(field), $"{label}: expected an error on '{field}', got {ProblemAssert.Text(problem)}");
    }

    [Fact]
    public async Task Sequences_beyond_the_caps_are_refused_with_a_400()
    {
        var tooLong = await fixture.Anonymous.PostAsJsonAsync("/v1/align", new { a = SyntheticMotion.Sequence(0, 2001, 20), b = SyntheticMotion.Sequence(0, 2, 20) });
        var problem = await ProblemAssert.IsProblemAsync(tooLong, HttpStatusCode.BadRequest);
        Assert.Contains("a.frames: at most 2000 frames per sequence, got 2001", ProblemAssert.Text(problem));

        var tooManyCells = await fixture.Anonymous.PostAsJsonAsync("/v1/align", new { a = SyntheticMotion.Sequence(0, 1500, 20), b = SyntheticMotion.Sequence(0, 700, 20) });
        problem = await ProblemAssert.IsProblemAsync(tooManyCells, HttpStatusCode.BadRequest);
        Assert.Contains("1500 x 700 frames is more than 1,000,000 cells", ProblemAssert.Text(problem));
    }
}
