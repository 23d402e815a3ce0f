using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using PoseSearch.Api.Tests.Infrastructure;
using PoseSearch.Embedding;

namespace PoseSearch.Api.Tests;

/// <summary>
/// POST /v1/collections/{name}/search through the API. These checks hold for any model: copies
/// of the query pose at another pixel scale and position normalize to the same input, so they
/// must score exactly like the query against itself; and the ranking must equal a brute-force
/// match-probability ranking of the whole (small) collection.
/// </summary>
[Collection(ServiceTestGroup.Name)]
public sealed class SearchTests(ServiceFixture fixture)
{
    private readonly TestVectors _vectors = TestVectors.Load(fixture.ModelFolder);

    private async Task<(string Name, TestVectorCase Query, List<(string Id, TestVectorCase Case)> Stored)> SeedAsync()
    {
        var name = await fixture.CreateCollectionAsync("search");
        var query = _vectors.Cases.First(c => c.AllVisible);
        var stored = new List<(string Id, TestVectorCase Case)>();
        var items = new List<object>();

        // Three copies of the query: scaled and moved in the image (a closer or farther camera, another crop).
        (float Scale, float Dx, float Dy)[] copies = [(2f, 100f, 50f), (0.5f, 300f, 20f), (1.3f, -40f, 210f)];
        for (var i = 0; i < copies.Length; i++)
        {
            var id = $"copy-{i}";
            stored.Add((id, query));
            items.Add(new { id, pose = PoseJson.FromCase(query, copies[i].Scale, copies[i].Dx, copies[i].Dy), metadata = new { videoId = "copies", frame = i } });
        }

        foreach (var (c, i) in _vectors.Cases.Where(c => c != query).Take(30).Select((c, i) => (c, i)))
        {
            var id = $"other-{i}";
            stored.Add((id, c));
            items.Add(new { id, pose = PoseJson.FromCase(c), metadata = new { videoId = i % 2 == 0 ? "even" : "odd", frame = i, person = i % 3 } });
        }

        var response = await fixture.Client.PostAsJsonAsync($"/v1/collections/{name}/poses", new { poses = items });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (name, query, stored);
    }

    private static List<(string Id, double Probability, double Distance, JsonElement Metadata)> Hits(JsonElement body) =>
        body.GetProperty("hits").EnumerateArray()
            .Select(h => (h.GetProperty("id").GetString()!, h.GetProperty("probability").GetDouble(), h.GetProperty("distance").GetDouble(), h.GetProperty("metadata")))
            .ToList();

    [Fact]
    public async Task Search_ranks_by_match_probability_exactly_like_a_brute_force_scan()
    {
        var (name, query, stored) = await SeedAsync();
        var response = await fixture.Anonymous.PostAsJsonAsync($"/v1/collections/{name}/search", new { pose = PoseJson.FromCase(query), k = 10 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var hits = Hits(body);
        Assert.Equal(10, hits.Count);
        Assert.Equal(stored.Count, body.GetProperty("candidatesScored").GetInt32());

        // Probabilities in (0, 1), sorted, distance = -ln p.
        Assert.All(hits, h => Assert.InRange(h.Probability, 1e-9, 1 - 1e-9));
        Assert.Equal(hits.Select(h => h.Probability).OrderDescending(), hits.Select(h => h.Probability));
        Assert.All(hits, h => Assert.Equal(-Math.Log(h.Probability), h.Distance, 4));

        // Brute force with the exported embeddings and Core's scorer.
        var scorer = fixture.Factory.Services.GetRequiredService<ModelRegistry>().Default.Scorer;
        var expected = stored
            .Select(s => (s.Id, Probability: (double)scorer.Probability(query.Mean, query.Stddev, s.Case.Mean, s.Case.Stddev)))
            .OrderByDescending(s => s.Probability)
            .ToList();
        for (var i = 0; i < hits.Count; i++)
        {
            Assert.InRange(hits[i].Probability, expected[i].Probability - _vectors.MatchProbabilityTolerance, expected[i].Probability + _vectors.MatchProbabilityTolerance);
            var ofHit = expected.Single(e => e.Id == hits[i].Id).Probability;
            Assert.InRange(hits[i].Probability, ofHit - _vectors.MatchProbabilityTolerance, ofHit + _vectors.MatchProbabilityTolerance);
        }
    }

    [Fact]
    public async Task Scaled_and_moved_copies_of_the_query_score_like_the_query_against_itself()
    {
        var (name, query, _) = await SeedAsync();
        var self = await fixture.Anonymous.PostAsJsonAsync("/v1/match", new { a = PoseJson.FromCase(query), b = PoseJson.FromCase(query) });
        var selfProbability = JsonDocument.Parse(await self.Content.ReadAsStringAsync()).RootElement.GetProperty("probability").GetDouble();

        var response = await fixture.Anonymous.PostAsJsonAsync($"/v1/collections/{name}/search",
            new { pose = PoseJson.FromCase(query), k = 3, filter = new { videoId = "copies" } });
        var hits = Hits(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
        Assert.Equal(["copy-0", "copy-1", "copy-2"], hits.Select(h => h.Id).Order());
        Assert.All(hits, h => Assert.InRange(h.Probability, selfProbability - _vectors.MatchProbabilityTolerance, selfProbability + _vectors.MatchProbabilityTolerance));
    }

    [Fact]
    public async Task Filters_and_minimum_probability_restrict_the_hits_and_return_their_metadata()
    {
        var (name, query, _) = await SeedAsync();
        var byVideo = Hits(JsonDocument.Parse(await (await fixture.Anonymous.PostAsJsonAsync($"/v1/collections/{name}/search",
            new { pose = PoseJson.FromCase(query), k = 100, filter = new { videoId = "odd" } })).Content.ReadAsStringAsync()).RootElement);
        Assert.Equal(15, byVideo.Count);
        Assert.All(byVideo, h => Assert.Equal("odd", h.Metadata.GetProperty("videoId").GetString()));

        var byPerson = Hits(JsonDocument.Parse(await (await fixture.Anonymous.PostAsJsonAsync($"/v1/collections/{name}/search",
            new { pose = PoseJson.FromCase(query), k = 100, filter = new { videoId = "even", person = 0 } })).Content.ReadAsStringAsync()).RootElement);
        Assert.Equal(5, byPerson.Count); // i even and i % 3 == 0 among 0..29: 0, 6, 12, 18, 24
        Assert.All(byPerson, h => Assert.Equal(0, h.Metadata.GetProperty("person").GetInt32()));

        var all = Hits(JsonDocument.Parse(await (await fixture.Anonymous.PostAsJsonAsync($"/v1/collections/{name}/search",
            new { pose = PoseJson.FromCase(query), k = 100 })).Content.ReadAsStringAsync()).RootElement);
        var threshold = all[9].Probability;
        var aboveThreshold = Hits(JsonDocument.Parse(await (await fixture.Anonymous.PostAsJsonAsync($"/v1/collections/{name}/search",
            new { pose = PoseJson.FromCase(query), k = 100, minProbability = threshold })).Content.ReadAsStringAsync()).RootElement);
        Assert.Equal(all.Count(h => h.Probability >= threshold), aboveThreshold.Count);
        Assert.All(aboveThreshold, h => Assert.True(h.Probability >= threshold));
    }

    [Fact]
    public async Task Searching_or_ingesting_a_collection_embedded_with_another_model_is_a_conflict()
    {
        var (name, query, _) = await SeedAsync();
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("UPDATE collections SET model_name = 'older-model', model_sha256 = repeat('ab', 32) WHERE name = $1", connection);
            command.Parameters.AddWithValue(name);
            await command.ExecuteNonQueryAsync();
        }

        var poses = await fixture.CountAsync("poses");
        var search = await ProblemAssert.IsProblemAsync(
            await fixture.Anonymous.PostAsJsonAsync($"/v1/collections/{name}/search", new { pose = PoseJson.FromCase(query) }), HttpStatusCode.Conflict);
        Assert.Contains("older-model", ProblemAssert.Text(search));
        await ProblemAssert.IsProblemAsync(
            await fixture.Client.PostAsJsonAsync($"/v1/collections/{name}/poses", new { poses = new[] { new { id = "late", pose = PoseJson.FromCase(query) } } }),
            HttpStatusCode.Conflict);
        Assert.Equal(poses, await fixture.CountAsync("poses"));
    }
}
