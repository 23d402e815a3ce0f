using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PoseSearch.Api.Tests.Infrastructure;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Scoring;

namespace PoseSearch.Api.Tests;

/// <summary>Mirror-aware search ("mirror": true, hits' "mirrored") and the ambiguity score (issue 13) through the API.</summary>
[Collection(ServiceTestGroup.Name)]
public sealed class MirrorAndAmbiguityTests(ServiceFixture fixture)
{
    private readonly TestVectors _vectors = TestVectors.Load(fixture.ModelFolder);

    private static JsonElement Body(HttpResponseMessage response) => JsonDocument.Parse(response.Content.ReadAsStringAsync().Result).RootElement;

    private static object Mirrored(TestVectorCase c)
    {
        var pose = PoseMirror.Mirror(new ModelPose(c.FlatKeypoints, c.Visibility));
        return PoseJson.Model13(pose.Coordinates.ToArray(), pose.Visibility.ToArray());
    }

    /// <summary>The complete test pose whose left and right sides differ most in the image: its mirror image is another pose.</summary>
    private TestVectorCase MostChiral() => _vectors.Cases.Where(c => c.AllVisible).MaxBy(c =>
        ModelJoints.LeftRightPairs.Sum(p => Math.Abs(c.FlatKeypoints[2 * p.Left + 1] - c.FlatKeypoints[2 * p.Right + 1])))!;

    [Fact]
    public async Task A_stored_pose_is_found_from_its_mirror_image_only_with_mirror_on()
    {
        var name = await fixture.CreateCollectionAsync("mirror");
        var stored = MostChiral();
        var items = _vectors.Cases.Where(c => c != stored).Take(30).Select((c, i) => (object)new { id = $"other-{i}", pose = PoseJson.FromCase(c) })
            .Append(new { id = "stored", pose = PoseJson.FromCase(stored) });
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.PostAsJsonAsync($"/v1/collections/{name}/poses", new { poses = items })).StatusCode);

        // What the stored pose scores against itself: the most a query can score against it.
        var self = Body(await fixture.Anonymous.PostAsJsonAsync($"/v1/collections/{name}/search", new { pose = PoseJson.FromCase(stored), k = 1 }));
        var selfProbability = self.GetProperty("hits")[0].GetProperty("probability").GetDouble();
        Assert.Equal("stored", self.GetProperty("hits")[0].GetProperty("id").GetString());
        Assert.False(self.GetProperty("hits")[0].GetProperty("mirrored").GetBoolean());

        var plainAll = Body(await fixture.Anonymous.PostAsJsonAsync($"/v1/collections/{name}/search", new { pose = Mirrored(stored), k = 31 }));
        var plainProbability = plainAll.GetProperty("hits").EnumerateArray().Single(h => h.GetProperty("id").GetString() == "stored").GetProperty("probability").GetDouble();
        Assert.True(plainProbability < selfProbability - 0.05, $"the mirror image scores {plainProbability} against the stored pose, itself {selfProbability}");

        var threshold = (plainProbability + selfProbability) / 2;
        var plain = Body(await fixture.Anonymous.PostAsJsonAsync($"/v1/collections/{name}/search", new { pose = Mirrored(stored), k = 5, minProbability = threshold }));
        var aware = Body(await fixture.Anonymous.PostAsJsonAsync($"/v1/collections/{name}/search", new { pose = Mirrored(stored), k = 5, minProbability = threshold, mirror = true }));

        Assert.DoesNotContain(plain.GetProperty("hits").EnumerateArray(), h => h.GetProperty("id").GetString() == "stored");
        var hit = aware.GetProperty("hits")[0];
        Assert.Equal("stored", hit.GetProperty("id").GetString());
        Assert.True(hit.GetProperty("mirrored").GetBoolean());
        // Mirroring the mirror image gives the stored pose back (up to where it sits in the image): the same score as itself.
        Assert.Equal(selfProbability, hit.GetProperty("probability").GetDouble(), 4);
        Assert.Equal(2 * 31, aware.GetProperty("candidatesScored").GetInt32());
    }

    [Fact]
    public async Task Ambiguity_is_one_minus_the_self_match_over_its_ceiling_and_max_ambiguity_refuses_with_422()
    {
        var name = await fixture.CreateCollectionAsync("ambiguity");
        var query = _vectors.Cases.First(c => !c.AllVisible);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.PostAsJsonAsync($"/v1/collections/{name}/poses",
            new { poses = new[] { new { id = "a", pose = PoseJson.FromCase(query) } } })).StatusCode);

        var embedded = Body(await fixture.Anonymous.PostAsJsonAsync("/v1/embeddings", new { poses = new[] { PoseJson.FromCase(query) } }));
        var embedding = embedded.GetProperty("embeddings")[0];
        var mean = embedding.GetProperty("mean").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var stddev = embedding.GetProperty("stddev").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var scorer = fixture.Factory.Services.GetRequiredService<ModelRegistry>().Default.Scorer;
        var expected = PoseAmbiguity.Compute(scorer, mean, stddev);
        Assert.Equal(expected, embedding.GetProperty("ambiguity").GetSingle(), 5);
        Assert.InRange(expected, 0.001f, 0.999f);

        var search = Body(await fixture.Anonymous.PostAsJsonAsync($"/v1/collections/{name}/search", new { pose = PoseJson.FromCase(query) }));
        Assert.Equal(expected, search.GetProperty("ambiguity").GetSingle(), 5);

        var accepted = await fixture.Anonymous.PostAsJsonAsync($"/v1/collections/{name}/search", new { pose = PoseJson.FromCase(query), maxAmbiguity = expected + 0.01 });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var refused = await fixture.Anonymous.PostAsJsonAsync($"/v1/collections/{name}/search", new { pose = PoseJson.FromCase(query), maxAmbiguity = expected - 0.01 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = Body(refused);
        Assert.Equal("The query pose is too ambiguous", problem.GetProperty("title").GetString());
        Assert.Equal(expected, problem.GetProperty("ambiguity").GetSingle(), 5);

        var invalid = await fixture.Anonymous.PostAsJsonAsync($"/v1/collections/{name}/search", new { pose = PoseJson.FromCase(query), maxAmbiguity = 1.5 });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("maxAmbiguity", await invalid.Content.ReadAsStringAsync());
    }
}
