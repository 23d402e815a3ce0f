using PoseSearch.Core.Scoring;

namespace PoseSearch.Core.Tests.Scoring;

public class PoseAmbiguityTests
{
    private static MatchProbabilityModel Model()
    {
        var random = new Random(11);
        var eps = Enumerable.Range(0, 20 * 4).Select(_ => (float)(random.NextDouble() * 2 - 1) * 1.5f).ToArray();
        return new MatchProbabilityModel(a: 2.5f, b: 1.5f, smoothing: 0.1f, eps, dimension: 4);
    }

    [Fact]
    public void A_certain_pose_scores_zero_and_the_score_grows_with_the_stddev()
    {
        var model = Model();
        var mean = new[] { 0.3f, -1f, 2f, 0.5f };
        var scores = new[] { 0f, 0.05f, 0.2f, 0.5f, 2f }
            .Select(s => PoseAmbiguity.Compute(model, mean, Enumerable.Repeat(s, 4).ToArray()))
            .ToArray();

        Assert.Equal(0f, scores[0], 5);
        for (var i = 1; i < scores.Length; i++)
        {
            Assert.True(scores[i] > scores[i - 1], $"score {i} ({scores[i]}) not above {scores[i - 1]}");
        }

        Assert.All(scores, s => Assert.InRange(s, 0f, 1f));
    }

    [Fact]
    public void Is_one_minus_the_self_match_probability_over_its_ceiling()
    {
        var model = Model();
        var mean = new[] { 1f, 0f, 0f, -1f };
        var stddev = new[] { 0.3f, 0.1f, 0.6f, 0.2f };
        var ceiling = (1 - 0.1f) / (1 + MathF.Exp(-1.5f)) + 0.05f;

        Assert.Equal(ceiling, PoseAmbiguity.MaximumProbability(model), 6);
        Assert.Equal(1 - model.Probability(mean, stddev, mean, stddev) / ceiling, PoseAmbiguity.Compute(model, mean, stddev), 6);
    }
}
