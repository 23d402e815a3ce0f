using PoseSearch.Core.Scoring;

namespace PoseSearch.Core.Tests.Scoring;

public class MatchProbabilityModelTests
{
    private static float[] Gaussian(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ =>
            (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))).ToArray();

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    // The contract's formula, literally, in double precision.
    private static double BruteForce(MatchProbabilityModel model, float[] mu1, float[] s1, float[] mu2, float[] s2)
    {
        int k = model.SampleCount, d = model.Dimension;
        var eps = model.Eps.ToArray();
        double sum = 0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
        {
            double squared = 0;
            for (var t = 0; t < d; t++)
            {
                var z1 = (double)mu1[t] + (double)s1[t] * eps[i * d + t];
                var z2 = (double)mu2[t] + (double)s2[t] * eps[j * d + t];
                squared += (z1 - z2) * (z1 - z2);
            }
            sum += (1 - model.Smoothing) * Sigmoid(-model.A * Math.Sqrt(squared) + model.B) + model.Smoothing / 2.0;
        }
        }

        return sum / (k * k);
    }

    [Fact]
    public void Identical_zero_sigma_embeddings_give_the_sigmoid_of_b()
    {
        var model = new MatchProbabilityModel(1.3f, -0.5f, 0.1f, Gaussian(new Random(1), 20 * 16), 16);
        var mu = Gaussian(new Random(2), 16);
        var zero = new float[16];
        // (1 - 0.1) * sigmoid(-0.5) + 0.05 = 0.9 * 0.377540669 + 0.05 = 0.389786602
        Assert.Equal(0.389786602f, model.Probability(mu, zero, mu, zero), 6);
    }

    [Fact]
    public void Zero_sigma_embeddings_at_distance_r_give_the_sigmoid_of_minus_a_r_plus_b()
    {
        var model = new MatchProbabilityModel(2f, 1f, 0.1f, Gaussian(new Random(1), 20 * 3), 3);
        var zero = new float[3];
        // distance |(3, 4, 0) / 10| = 0.5: 0.9 * sigmoid(-2 * 0.5 + 1) + 0.05 = 0.9 * 0.5 + 0.05 = 0.5
        Assert.Equal(0.5f, model.Probability(new[] { 0.3f, 0f, 0f }, zero, new[] { 0f, 0.4f, 0f }, zero), 6);
    }

    [Fact]
    public void Far_apart_embeddings_approach_the_smoothing_floor_without_overflow()
    {
        var model = new MatchProbabilityModel(5f, 0f, 0.1f, Gaussian(new Random(1), 20 * 16), 16);
        var far = Enumerable.Repeat(1e6f, 16).ToArray();
        var p = model.Probability(new float[16], Enumerable.Repeat(0.1f, 16).ToArray(), far, Enumerable.Repeat(0.1f, 16).ToArray());
        Assert.Equal(0.05f, p, 7);
    }

    [Theory]
    [InlineData(20, 16)]
    [InlineData(1, 16)]
    [InlineData(7, 5)]
    [InlineData(9, 3)]
    [InlineData(33, 16)]
    [InlineData(16, 32)]
    public void ScoreCandidates_matches_a_double_precision_brute_force(int k, int d)
    {
        var random = new Random(k * 100 + d);
        var model = new MatchProbabilityModel(1.7f, 0.8f, 0.1f, Gaussian(random, k * d), d);
        const int m = 37;
        var qMean = Gaussian(random, d).Select(x => x * 0.3f).ToArray();
        var qStd = Enumerable.Range(0, d).Select(_ => (float)(0.05 + 0.3 * random.NextDouble())).ToArray();
        // candidates near the query, so that probabilities spread over the whole range
        var means = Enumerable.Range(0, m * d).Select(i => qMean[i % d] + (float)(random.NextDouble() - 0.5) * (i / d) / 10f).ToArray();
        var stds = Enumerable.Range(0, m * d).Select(_ => (float)(0.05 + 0.3 * random.NextDouble())).ToArray();
        var probabilities = new float[m];
        model.ScoreCandidates(qMean, qStd, means, stds, probabilities);

        for (var c = 0; c < m; c++)
        {
            var expected = BruteForce(model, qMean, qStd, means[(c * d)..((c + 1) * d)], stds[(c * d)..((c + 1) * d)]);
            Assert.True(Math.Abs(expected - probabilities[c]) < 2e-6, $"candidate {c}: expected {expected}, got {probabilities[c]}");
        }
        Assert.True(probabilities.Max() - probabilities.Min() > 0.1, "test candidates should spread the probabilities");
    }

    [Fact]
    public void Large_sample_matrices_use_pooled_scratch_and_stay_exact()
    {
        var random = new Random(5);
        const int k = 600, d = 16;   // K x D beyond the stack budget
        var model = new MatchProbabilityModel(1.2f, -0.3f, 0.1f, Gaussian(random, k * d), d);
        var mu1 = Gaussian(random, d);
        var s1 = Enumerable.Repeat(0.2f, d).ToArray();
        var mu2 = mu1.Select(x => x + 0.1f).ToArray();
        var s2 = Enumerable.Repeat(0.3f, d).ToArray();
        Assert.Equal(BruteForce(model, mu1, s1, mu2, s2), model.Probability(mu1, s1, mu2, s2), tolerance: 2e-6);
    }

    [Fact]
    public void Probability_is_symmetric_because_both_sides_use_the_same_eps()
    {
        var random = new Random(3);
        var model = new MatchProbabilityModel(1.5f, 0.2f, 0.1f, Gaussian(random, 20 * 16), 16);
        var mu1 = Gaussian(random, 16);
        var mu2 = Gaussian(random, 16).Select(x => x * 0.2f).ToArray();
        var s1 = Enumerable.Range(0, 16).Select(i => 0.1f + i * 0.02f).ToArray();
        var s2 = Enumerable.Range(0, 16).Select(i => 0.5f - i * 0.02f).ToArray();
        Assert.Equal(model.Probability(mu1, s1, mu2, s2), model.Probability(mu2, s2, mu1, s1), 6);
    }

    [Fact]
    public void Distance_is_minus_log_p()
    {
        Assert.Equal(MathF.Log(2), MatchProbabilityModel.Distance(0.5f), 6);
        Assert.Equal(0f, MatchProbabilityModel.Distance(1f));
    }

    [Fact]
    public void Shape_errors_name_the_argument_and_size()
    {
        var model = new MatchProbabilityModel(1f, 0f, 0.1f, new float[4 * 16], 16);
        var v16 = new float[16];
        var e = Assert.Throws<ArgumentException>(() => model.ScoreCandidates(v16, v16, new float[16 * 3], new float[16 * 2], new float[3]));
        Assert.Contains("candidate stddevs must hold 3 x 16 = 48 values, got 32", e.Message);
        Assert.Throws<ArgumentException>(() => model.Probability(new float[15], v16, v16, v16));
        Assert.Throws<ArgumentException>(() => model.Probability(Enumerable.Repeat(float.NaN, 16).ToArray(), v16, v16, v16));
        Assert.Throws<ArgumentException>(() => new MatchProbabilityModel(1f, 0f, 0.1f, new float[17], 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MatchProbabilityModel(0f, 0f, 0.1f, new float[16], 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MatchProbabilityModel(1f, 0f, 1f, new float[16], 16));
    }

    [Fact]
    public void Zero_candidates_is_a_no_op()
    {
        var model = new MatchProbabilityModel(1f, 0f, 0.1f, new float[4 * 2], 2);
        model.ScoreCandidates(new float[2], new float[2], ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, Span<float>.Empty);
    }
}
