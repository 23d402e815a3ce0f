using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PoseSearch.Api.Tests.Infrastructure;
using PoseSearch.Embedding;

namespace PoseSearch.Api.Tests;

/// <summary>Collections CRUD, batch ingest (all or nothing, idempotent), single pose GET and DELETE.</summary>
[Collection(ServiceTestGroup.Name)]
public sealed class CollectionsAndPosesTests(ServiceFixture fixture)
{
    private readonly TestVectors _vectors = TestVectors.Load(fixture.ModelFolder);

    private object Item(string id, int caseIndex, string? videoId = null, int? frame = null, object? extra = null) => new
    {
        id,
        pose = PoseJson.FromCase(_vectors.Cases[caseIndex]),
        metadata = new { videoId, frame, timestamp = frame / 30.0, person = 1, extra },
    };

    [Fact]
    public async Task A_created_collection_is_listed_and_reports_its_count_and_model_until_deleted()
    {
        var name = "crud-" + Guid.NewGuid().ToString("N")[..8];
        var created = await fixture.Client.PostAsJsonAsync("/v1/collections", new { name, description = "test" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/v1/collections/{name}", created.Headers.Location?.OriginalString);

        var ingest = await fixture.Client.PostAsJsonAsync($"/v1/collections/{name}/poses", new { poses = new[] { Item("p1", 0), Item("p2", 1) } });
        Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);

        var get = JsonDocument.Parse(await fixture.Anonymous.GetStringAsync($"/v1/collections/{name}")).RootElement;
        Assert.Equal(2, get.GetProperty("poseCount").GetInt64());
        Assert.Equal("test", get.GetProperty("description").GetString());
        var card = fixture.Factory.Services.GetRequiredService<ModelRegistry>().Default.Card;
        Assert.Equal(card.Name, get.GetProperty("model").GetProperty("name").GetString());
        Assert.Equal(card.Sha256, get.GetProperty("model").GetProperty("sha256").GetString());
        Assert.Equal(card.EmbeddingDim, get.GetProperty("model").GetProperty("embeddingDim").GetInt32());

        var list = JsonDocument.Parse(await fixture.Anonymous.GetStringAsync("/v1/collections")).RootElement.GetProperty("collections");
        Assert.Contains(list.EnumerateArray(), c => c.GetProperty("name").GetString() == name && c.GetProperty("poseCount").GetInt64() == 2);

        var posesBefore = await fixture.CountAsync("poses");
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Client.DeleteAsync($"/v1/collections/{name}")).StatusCode);
        Assert.Equal(posesBefore - 2, await fixture.CountAsync("poses"));
        await ProblemAssert.IsProblemAsync(await fixture.Anonymous.GetAsync($"/v1/collections/{name}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await fixture.Client.DeleteAsync($"/v1/collections/{name}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Creating_an_existing_collection_is_a_conflict_and_changes_nothing()
    {
        var name = await fixture.CreateCollectionAsync("dup");
        var before = await fixture.CountAsync("collections");
        var problem = await ProblemAssert.IsProblemAsync(
            await fixture.Client.PostAsJsonAsync("/v1/collections", new { name }), HttpStatusCode.Conflict);
        Assert.Contains(name, ProblemAssert.Text(problem));
        Assert.Equal(before, await fixture.CountAsync("collections"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-starts-with-dash")]
    [InlineData("has space")]
    [InlineData("slash/inside")]
    [InlineData("a-name-that-is-far-too-long-for-a-collection-name-0123456789-abcdef")]
    public async Task Invalid_collection_names_are_rejected(string name)
    {
        var before = await fixture.CountAsync("collections");
        var problem = await ProblemAssert.IsProblemAsync(
            await fixture.Client.PostAsJsonAsync("/v1/collections", new { name }), HttpStatusCode.BadRequest);
        Assert.Contains("name", ProblemAssert.Text(problem));
        Assert.Equal(before, await fixture.CountAsync("collections"));
    }

    [Fact]
    public async Task Reingesting_a_batch_does_not_duplicate_and_changed_content_replaces_the_stored_pose()
    {
        var name = await fixture.CreateCollectionAsync("idem");
        var batch = new { poses = new[] { Item("a", 0, "v1", 10), Item("b", 1, "v1", 11), Item("c", 2, "v2", 12) } };

        var first = await fixture.Client.PostAsJsonAsync($"/v1/collections/{name}/poses", batch);
        Assert.Equal("""{"inserted":3,"updated":0,"unchanged":0}""", await first.Content.ReadAsStringAsync());
        var rows = await fixture.CountAsync("poses");

        var retry = await fixture.Client.PostAsJsonAsync($"/v1/collections/{name}/poses", batch);
        Assert.Equal("""{"inserted":0,"updated":0,"unchanged":3}""", await retry.Content.ReadAsStringAsync());
        Assert.Equal(rows, await fixture.CountAsync("poses"));

        // Same ids, one with new metadata and one with another pose: upsert replaces them.
        var changed = new { poses = new[] { Item("a", 0, "v1", 99), Item("b", 5, "v1", 11), Item("d", 3) } };
        var third = await fixture.Client.PostAsJsonAsync($"/v1/collections/{name}/poses", changed);
        Assert.Equal("""{"inserted":1,"updated":2,"unchanged":0}""", await third.Content.ReadAsStringAsync());
        Assert.Equal(rows + 1, await fixture.CountAsync("poses"));

        var a = JsonDocument.Parse(await fixture.Anonymous.GetStringAsync($"/v1/collections/{name}/poses/a")).RootElement;
        Assert.Equal(99, a.GetProperty("metadata").GetProperty("frame").GetInt32());
        var b = JsonDocument.Parse(await fixture.Anonymous.GetStringAsync($"/v1/collections/{name}/poses/b")).RootElement;
        var bMean = b.GetProperty("embedding").GetProperty("mean").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var tolerance = (float)_vectors.MeanStddevTolerance;
        Assert.InRange(bMean[0], _vectors.Cases[5].Mean[0] - tolerance, _vectors.Cases[5].Mean[0] + tolerance);
    }

    [Fact]
    public async Task A_stored_pose_returns_its_model13_keypoints_embedding_and_metadata_and_can_be_deleted()
    {
        var name = await fixture.CreateCollectionAsync("single");
        var source = _vectors.Cases.First(c => !c.AllVisible);
        var index = _vectors.Cases.ToList().IndexOf(source);
        var extra = new { camera = "54138969", tags = new[] { "x", "y" } };
        var response = await fixture.Client.PostAsJsonAsync($"/v1/collections/{name}/poses",
            new { poses = new[] { Item("walk/0042", index, "clip-7", 42, extra) } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // An id with a slash travels URL-encoded.
        var stored = JsonDocument.Parse(await fixture.Anonymous.GetStringAsync($"/v1/collections/{name}/poses/walk%2F0042")).RootElement;
        Assert.Equal("walk/0042", stored.GetProperty("id").GetString());
        Assert.Equal("model13", stored.GetProperty("pose").GetProperty("layout").GetString());
        var keypoints = stored.GetProperty("pose").GetProperty("keypoints").EnumerateArray().ToList();
        for (var j = 0; j < 13; j++)
        {
            var visible = source.Visibility[j] == 1f;
            Assert.Equal(visible ? 1.0 : 0.0, keypoints[j].GetProperty("confidence").GetDouble());
            Assert.Equal(visible ? source.Keypoints[j][0] : 0f, keypoints[j].GetProperty("x").GetSingle());
            Assert.Equal(visible ? source.Keypoints[j][1] : 0f, keypoints[j].GetProperty("y").GetSingle());
        }

        var metadata = stored.GetProperty("metadata");
        Assert.Equal("clip-7", metadata.GetProperty("videoId").GetString());
        Assert.Equal(42, metadata.GetProperty("frame").GetInt32());
        Assert.Equal(1.4, metadata.GetProperty("timestamp").GetDouble(), 9);
        Assert.Equal(1, metadata.GetProperty("person").GetInt32());
        Assert.Equal("54138969", metadata.GetProperty("extra").GetProperty("camera").GetString());
        Assert.Equal(_vectors.EmbeddingDim, stored.GetProperty("embedding").GetProperty("stddev").GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Client.DeleteAsync($"/v1/collections/{name}/poses/walk%2F0042")).StatusCode);
        await ProblemAssert.IsProblemAsync(await fixture.Anonymous.GetAsync($"/v1/collections/{name}/poses/walk%2F0042"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await fixture.Client.DeleteAsync($"/v1/collections/{name}/poses/walk%2F0042"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await fixture.Anonymous.GetAsync($"/v1/collections/no-such-collection/poses/x"), HttpStatusCode.NotFound);
    }
}
