using System.Net;
using System.Text;
using System.Text.Json;
using PoseSearch.Api.Security;
using PoseSearch.Api.Tests.Infrastructure;

namespace PoseSearch.Api.Tests;

/// <summary>
/// Every bad input gets its RFC 7807 answer naming the problem, and a failing request writes
/// nothing: the row counts of collections and poses are the same before and after.
/// </summary>
[Collection(ServiceTestGroup.Name)]
public sealed class BadInputTests(ServiceFixture fixture) : IAsyncLifetime
{
    private const string Target = "bad-input-target";

    public async Task InitializeAsync()
    {
        var exists = await fixture.Anonymous.GetAsync($"/v1/collections/{Target}");
        if (exists.StatusCode == HttpStatusCode.NotFound)
        {
            var created = await fixture.Client.PostAsync("/v1/collections", Json($$"""{"name":"{{Target}}"}"""));
            created.EnsureSuccessStatusCode();
            var seeded = await fixture.Client.PostAsync($"/v1/collections/{Target}/poses",
                Json($$"""{"poses":[{"id":"seed","pose":{{GoodPose()}}}]}"""));
            seeded.EnsureSuccessStatusCode();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A valid model13 pose: a person facing the camera.</summary>
    private static string GoodPose(string layout = "model13", string? override0 = null, int? joints = null, string? extraMembers = null)
    {
        float[] xy = [320, 100, 350, 150, 290, 150, 362, 210, 278, 210, 366, 265, 274, 265, 340, 270, 300, 270, 342, 350, 298, 350, 344, 430, 296, 430];
        var points = Enumerable.Range(0, joints ?? 13)
            .Select(j => j == 0 && override0 is not null ? override0 : $$"""{"x":{{xy[2 * (j % 13)]}},"y":{{xy[2 * (j % 13) + 1]}},"confidence":0.9}""");
        return $$"""{"layout":"{{layout}}","keypoints":[{{string.Join(',', points)}}]{{extraMembers}}}""";
    }

    private static string Batch(params string[] items) => $$"""{"poses":[{{string.Join(',', items)}}]}""";

    private static string Item(string id, string pose, string? metadata = null) =>
        $$"""{"id":"{{id}}","pose":{{pose}}{{(metadata is null ? "" : ",\"metadata\":" + metadata)}}}""";

    private static readonly string NoAnchors = GoodPose().Replace(
        """{"x":350,"y":150,"confidence":0.9},{"x":290,"y":150,"confidence":0.9}""",
        """{"x":350,"y":150,"confidence":0.9},{"x":290,"y":150,"confidence":0.05}""").Replace(
        """{"x":340,"y":270,"confidence":0.9},{"x":300,"y":270,"confidence":0.9}""",
        """{"x":0,"y":0,"confidence":0.9},{"x":300,"y":270,"confidence":0.01}""");

    // Seen from the side with the hips hidden: the shoulders 1 px apart are the only anchors, so
    // the 330 px tall body would normalize to 140 anchor spans (the model's stddev can underflow to 0).
    private static readonly string AnchorsTooClose = GoodPose().Replace(
        """{"x":350,"y":150,"confidence":0.9},{"x":290,"y":150,"confidence":0.9}""",
        """{"x":320,"y":150,"confidence":0.9},{"x":321,"y":150,"confidence":0.9}""").Replace(
        """{"x":340,"y":270,"confidence":0.9},{"x":300,"y":270,"confidence":0.9}""",
        """{"x":340,"y":270,"confidence":0.05},{"x":300,"y":270,"confidence":0.05}""");

    public static TheoryData<string, string, string, string, HttpStatusCode, string> Cases() => new()
    {
        // name, method, path, body, status, text the problem must contain
        { "wrong joint count", "POST", $"/v1/collections/{Target}/poses", Batch(Item("x1", GoodPose("coco17"))), HttpStatusCode.BadRequest, "coco17 expects 17 keypoints, got 13" },
        { "NaN coordinate", "POST", $"/v1/collections/{Target}/poses", Batch(Item("x2", GoodPose(override0: """{"x":"NaN","y":1}"""))), HttpStatusCode.BadRequest, "poses[0].pose.keypoints[0].x: must be a finite number, got NaN" },
        { "infinite coordinate", "POST", $"/v1/collections/{Target}/poses", Batch(Item("x3", GoodPose(override0: """{"x":1,"y":1e400}"""))), HttpStatusCode.BadRequest, "keypoints[0].y: must be a finite number, got Infinity" },
        { "beyond float range", "POST", $"/v1/collections/{Target}/poses", Batch(Item("x4", GoodPose(override0: """{"x":1e39,"y":1}"""))), HttpStatusCode.BadRequest, "keypoints[0].x: must be a finite number" },
        { "infinite confidence", "POST", $"/v1/collections/{Target}/poses", Batch(Item("x5", GoodPose(override0: """{"x":1,"y":1,"confidence":"-Infinity"}"""))), HttpStatusCode.BadRequest, "confidence must be a finite number" },
        { "missing coordinate", "POST", $"/v1/collections/{Target}/poses", Batch(Item("x6", GoodPose(override0: """{"x":1}"""))), HttpStatusCode.BadRequest, "keypoints[0].y: required" },
        { "unknown layout", "POST", $"/v1/collections/{Target}/poses", Batch(Item("x7", GoodPose("openpose99"))), HttpStatusCode.BadRequest, "unknown keypoint layout ('openpose99')" },
        { "empty batch", "POST", $"/v1/collections/{Target}/poses", Batch(), HttpStatusCode.BadRequest, "at least one pose is required" },
        { "oversize batch", "POST", $"/v1/collections/{Target}/poses", Batch(Enumerable.Range(0, 51).Select(i => Item($"o{i}", GoodPose())).ToArray()), HttpStatusCode.BadRequest, "at most 50 poses per batch, got 51" },
        { "too few visible anchors", "POST", $"/v1/collections/{Target}/poses", Batch(Item("x8", NoAnchors)), HttpStatusCode.BadRequest, "too few visible anchor joints" },
        { "mediapipe without image size", "POST", $"/v1/collections/{Target}/poses", Batch(Item("x9", GoodPose("mediapipe33", joints: 33))), HttpStatusCode.BadRequest, "ImageWidth and ImageHeight are required" },
        { "bad image size", "POST", $"/v1/collections/{Target}/poses", Batch(Item("x10", GoodPose(extraMembers: ""","imageWidth":0"""))), HttpStatusCode.BadRequest, "imageWidth: must be between 1" },
        { "duplicate id in batch", "POST", $"/v1/collections/{Target}/poses", Batch(Item("same", GoodPose()), Item("same", GoodPose())), HttpStatusCode.BadRequest, "id 'same' appears more than once" },
        { "missing id", "POST", $"/v1/collections/{Target}/poses", Batch(Item("", GoodPose())), HttpStatusCode.BadRequest, "an id is required" },
        { "extra metadata not an object", "POST", $"/v1/collections/{Target}/poses", Batch(Item("x11", GoodPose(), """{"extra":[1,2]}""")), HttpStatusCode.BadRequest, "extra: must be a JSON object" },
        { "one bad pose spoils the batch", "POST", $"/v1/collections/{Target}/poses", Batch(Item("g1", GoodPose()), Item("g2", GoodPose()), Item("g3", GoodPose("coco17"))), HttpStatusCode.BadRequest, "poses[2].pose.keypoints: coco17 expects 17" },
        { "malformed JSON", "POST", $"/v1/collections/{Target}/poses", """{"poses":[{"id":"m1",""", HttpStatusCode.BadRequest, "JSON" },
        { "wrong JSON type", "POST", $"/v1/collections/{Target}/poses", """{"poses":[{"id":"m2","pose":{"layout":"model13","keypoints":[{"x":"left","y":1}]}}]}""", HttpStatusCode.BadRequest, "poses[0].pose.keypoints[0].x: must be a number" },
        { "unknown collection", "POST", "/v1/collections/no-such-collection/poses", Batch(Item("u1", GoodPose())), HttpStatusCode.NotFound, "collection 'no-such-collection' does not exist" },
        { "embeddings: oversize batch", "POST", "/v1/embeddings", Batch(Enumerable.Range(0, 9).Select(_ => GoodPose()).ToArray()), HttpStatusCode.BadRequest, "at most 8 poses per request, got 9" },
        { "embeddings: empty batch", "POST", "/v1/embeddings", """{"poses":[]}""", HttpStatusCode.BadRequest, "at least one pose is required" },
        { "embeddings: no anchors", "POST", "/v1/embeddings", Batch(NoAnchors), HttpStatusCode.BadRequest, "poses[0]: too few visible anchor joints" },
        { "anchors too close for the pose", "POST", $"/v1/collections/{Target}/poses", Batch(Item("x12", AnchorsTooClose)), HttpStatusCode.BadRequest, "visible anchor joints too close together: the pose spans 280 times" },
        { "search: anchors too close for the pose", "POST", $"/v1/collections/{Target}/search", $$"""{"pose":{{AnchorsTooClose}}}""", HttpStatusCode.BadRequest, "pose: visible anchor joints too close together" },
        { "match: missing pose", "POST", "/v1/match", $$"""{"a":{{GoodPose()}}}""", HttpStatusCode.BadRequest, "b: a pose is required" },
        { "search: k out of range", "POST", $"/v1/collections/{Target}/search", $$"""{"pose":{{GoodPose()}},"k":0}""", HttpStatusCode.BadRequest, "k: must be between 1 and 100, got 0" },
        { "search: min probability out of range", "POST", $"/v1/collections/{Target}/search", $$"""{"pose":{{GoodPose()}},"minProbability":1.5}""", HttpStatusCode.BadRequest, "minProbability: must be between 0 and 1" },
        { "search: unknown layout", "POST", $"/v1/collections/{Target}/search", $$"""{"pose":{{GoodPose("coco")}}}""", HttpStatusCode.BadRequest, "unknown keypoint layout" },
        { "search: unknown collection", "POST", "/v1/collections/no-such-collection/search", $$"""{"pose":{{GoodPose()}}}""", HttpStatusCode.NotFound, "does not exist" },
        { "get: unknown collection", "GET", "/v1/collections/no-such-collection", "", HttpStatusCode.NotFound, "does not exist" },
        { "delete: unknown collection", "DELETE", "/v1/collections/no-such-collection", "", HttpStatusCode.NotFound, "does not exist" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_request_gets_its_problem_and_writes_nothing(string name, string method, string path, string body, HttpStatusCode status, string expected)
    {
        var collections = await fixture.CountAsync("collections");
        var poses = await fixture.CountAsync("poses");

        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body.Length > 0)
        {
            request.Content = Json(body);
        }

        var problem = await ProblemAssert.IsProblemAsync(await fixture.Client.SendAsync(request), status);
        var text = ProblemAssert.Text(problem);
        Assert.True(text.Contains(expected, StringComparison.Ordinal), $"{name}: '{expected}' not in '{text}'");

        Assert.Equal(collections, await fixture.CountAsync("collections"));
        Assert.Equal(poses, await fixture.CountAsync("poses"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key-0123456789abcdef")]
    [InlineData("test-key-0123456789abcdeX")]
    public async Task Writes_without_a_valid_key_are_unauthorized_and_write_nothing(string? key)
    {
        var collections = await fixture.CountAsync("collections");
        var poses = await fixture.CountAsync("poses");
        var writes = new List<HttpRequestMessage>
        {
            new(HttpMethod.Post, "/v1/collections") { Content = Json("""{"name":"never-created"}""") },
            new(HttpMethod.Delete, $"/v1/collections/{Target}"),
            new(HttpMethod.Post, $"/v1/collections/{Target}/poses") { Content = Json(Batch(Item("k1", GoodPose()))) },
            new(HttpMethod.Delete, $"/v1/collections/{Target}/poses/seed"),
        };
        foreach (var request in writes)
        {
            if (key is not null)
            {
                request.Headers.Add(ApiKeyValidator.HeaderName, key);
            }

            var problem = await ProblemAssert.IsProblemAsync(await fixture.Anonymous.SendAsync(request), HttpStatusCode.Unauthorized);
            Assert.Contains(ApiKeyValidator.HeaderName, problem.GetProperty("detail").GetString());
        }

        Assert.Equal(collections, await fixture.CountAsync("collections"));
        Assert.Equal(poses, await fixture.CountAsync("poses"));
        Assert.Equal(HttpStatusCode.OK, (await fixture.Anonymous.GetAsync($"/v1/collections/{Target}/poses/seed")).StatusCode);
    }

    [Theory]
    [InlineData("/v1/collections", "{\"name\":")]                          // not even JSON
    [InlineData("/v1/collections", "{\"name\":42}")]                       // JSON of the wrong shape
    [InlineData("/v1/collections/" + Target + "/poses", "{\"poses\":[{\"id\":\"x\",\"pose\":")]
    public async Task A_malformed_write_without_a_key_is_unauthorized_before_its_body_is_read(string path, string body)
    {
        // The key is checked by the authentication handler and the write policy, before body binding:
        // an anonymous client learns nothing about the body's rules.
        var problem = await ProblemAssert.IsProblemAsync(await fixture.Anonymous.PostAsync(path, Json(body)), HttpStatusCode.Unauthorized);
        Assert.Contains(ApiKeyValidator.HeaderName, problem.GetProperty("detail").GetString());

        // The same body with the key is the body's problem: 400.
        await ProblemAssert.IsProblemAsync(await fixture.Client.PostAsync(path, Json(body)), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Reads_need_a_key_only_when_configured()
    {
        Assert.Equal(HttpStatusCode.OK, (await fixture.Anonymous.GetAsync("/v1/model")).StatusCode);

        await using var strict = new ApiFactory(fixture.ConnectionString, fixture.ModelFolder,
            new Dictionary<string, string?> { ["PoseSearch:RequireApiKeyForReads"] = "true" });
        using var anonymous = strict.CreateClient();
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/v1/model"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/v1/collections"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await anonymous.PostAsync("/v1/embeddings", Json(Batch(GoodPose()))), HttpStatusCode.Unauthorized);

        using var keyed = strict.CreateClient();
        keyed.DefaultRequestHeaders.Add(ApiKeyValidator.HeaderName, ApiFactory.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await keyed.GetAsync("/v1/model")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task The_valid_pose_of_these_cases_is_accepted()
    {
        // Guards the cases above: each differs from an accepted request only by the named problem.
        var response = await fixture.Client.PostAsync("/v1/embeddings", Json(Batch(GoodPose(), GoodPose("coco17", joints: 17), GoodPose("mediapipe33", joints: 33, extraMembers: ""","imageWidth":640,"imageHeight":480"""))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("embeddings").GetArrayLength());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
