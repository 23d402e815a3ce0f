using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PoseSearch.Api.Tests.Infrastructure;
using PoseSearch.Embedding;

namespace PoseSearch.Api.Tests;

/// <summary>POST /v1/embeddings, POST /v1/match and GET /v1/model against the loaded model.</summary>
[Collection(ServiceTestGroup.Name)]
public sealed class EmbeddingAndMatchTests(ServiceFixture fixture)
{
    private readonly TestVectors _vectors = TestVectors.Load(fixture.ModelFolder);

    [Fact]
    public async Task Embeddings_of_a_batch_equal_the_exported_test_vectors_in_request_order()
    {
        var cases = _vectors.Cases.Take(5).ToList();
        var response = await fixture.Anonymous.PostAsJsonAsync("/v1/embeddings", new { poses = cases.Select(c => PoseJson.FromCase(c)) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(_vectors.EmbeddingDim, body.GetProperty("embeddingDim").GetInt32());
        var embeddings = body.GetProperty("embeddings").EnumerateArray().ToList();
        Assert.Equal(cases.Count, embeddings.Count);
        var tolerance = (float)_vectors.MeanStddevTolerance;
        for (var i = 0; i < cases.Count; i++)
        {
            var mean = embeddings[i].GetProperty("mean").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            var stddev = embeddings[i].GetProperty("stddev").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            Assert.Equal(_vectors.EmbeddingDim, mean.Length);
            for (var d = 0; d < mean.Length; d++)
            {
                Assert.InRange(mean[d], cases[i].Mean[d] - tolerance, cases[i].Mean[d] + tolerance);
                Assert.InRange(stddev[d], cases[i].Stddev[d] - tolerance, cases[i].Stddev[d] + tolerance);
            }
        }
    }

    [Fact]
    public async Task A_coco17_pose_embeds_like_the_same_pose_converted_to_model13_by_hand()
    {
        // COCO-17 minus eyes and ears is the model's joint order.
        var coco = (dynamic)PoseJson.StandingCoco17();
        var cocoPoints = ((IEnumerable<dynamic>)coco.keypoints).Select(k => ((double)k.x, (double)k.y)).ToList();
        int[] modelFromCoco = [0, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
        var model13 = PoseJson.Model13(
            modelFromCoco.SelectMany(i => new[] { (float)cocoPoints[i].Item1, (float)cocoPoints[i].Item2 }).ToArray(),
            Enumerable.Repeat(1f, 13).ToArray());

        var response = await fixture.Anonymous.PostAsJsonAsync("/v1/embeddings", new { poses = new[] { (object)coco, model13 } });
        var embeddings = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("embeddings");
        Assert.Equal(embeddings[0].GetProperty("mean").GetRawText(), embeddings[1].GetProperty("mean").GetRawText());
        Assert.Equal(embeddings[0].GetProperty("stddev").GetRawText(), embeddings[1].GetProperty("stddev").GetRawText());
    }

    [Fact]
    public async Task Match_returns_the_contract_probability_of_the_pair_and_its_distance()
    {
        var pair = _vectors.MatchPairs[0];
        var response = await fixture.Anonymous.PostAsJsonAsync("/v1/match",
            new { a = PoseJson.FromCase(_vectors.Cases[pair.A]), b = PoseJson.FromCase(_vectors.Cases[pair.B]) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var probability = body.GetProperty("probability").GetDouble();
        Assert.InRange(probability, pair.Probability - _vectors.MatchProbabilityTolerance, pair.Probability + _vectors.MatchProbabilityTolerance);
        Assert.InRange(body.GetProperty("distance").GetDouble(), -Math.Log(probability) - 1e-5, -Math.Log(probability) + 1e-5);

        var swapped = await fixture.Anonymous.PostAsJsonAsync("/v1/match",
            new { a = PoseJson.FromCase(_vectors.Cases[pair.B]), b = PoseJson.FromCase(_vectors.Cases[pair.A]) });
        var swappedProbability = JsonDocument.Parse(await swapped.Content.ReadAsStringAsync()).RootElement.GetProperty("probability").GetDouble();
        Assert.InRange(swappedProbability, probability - 1e-6, probability + 1e-6);
    }

    [Fact]
    public async Task The_model_card_describes_the_loaded_model()
    {
        var card = fixture.Factory.Services.GetRequiredService<ModelRegistry>().Default.Card;
        var body = JsonDocument.Parse(await fixture.Anonymous.GetStringAsync("/v1/model")).RootElement;
        Assert.Equal(card.Name, body.GetProperty("name").GetString());
        Assert.Equal(Path.GetFileName(fixture.ModelFolder), body.GetProperty("name").GetString());
        Assert.Equal("model13", body.GetProperty("inputLayout").GetString());
        Assert.Equal(_vectors.EmbeddingDim, body.GetProperty("embeddingDim").GetInt32());
        Assert.Equal(_vectors.NumSamples, body.GetProperty("numSamples").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("license").GetString()));
        Assert.Equal(JsonValueKind.Object, body.GetProperty("metrics").ValueKind);
        Assert.Equal(13, body.GetProperty("keypoints").GetArrayLength());
        Assert.Contains("mediapipe33", body.GetProperty("acceptedLayouts").EnumerateArray().Select(e => e.GetString()));
    }
}
