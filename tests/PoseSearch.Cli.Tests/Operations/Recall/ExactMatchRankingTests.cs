using PoseSearch.Cli.Operations.Recall;
using PoseSearch.Core.Scoring;
using PoseSearch.Storage;

namespace PoseSearch.Cli.Tests.Operations.Recall;

public class ExactMatchRankingTests
{
    private const int D = 4;
    private const int K = 3;

    private static MatchProbabilityModel Model()
    {
        var random = new Random(11);
        var eps = Enumerable.Range(0, K * D).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        return new MatchProbabilityModel(1.2f, -0.4f, 0.1f, eps, D);
    }

    [Fact]
    public void Top_k_equals_sorting_every_pairwise_probability()
    {
        // 5,000 poses: more than one scoring chunk (4,096), so the chunk boundary is crossed.
        var random = new Random(3);
        const int n = 5000;
        var means = Enumerable.Range(0, n * D).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        var stddevs = Enumerable.Range(0, n * D).Select(_ => (float)(0.05 + random.NextDouble())).ToArray();
        var ids = Enumerable.Range(0, n).Select(i => $"p{i}").ToArray();
        var snapshot = CollectionEmbeddings.FromArrays(ids, means, stddevs, D);
        var model = Model();
        float[] queryMean = [0.3f, -0.2f, 1.1f, 0.0f];
        float[] queryStd = [0.2f, 0.3f, 0.25f, 0.4f];

        var top = new ExactMatchRanking(snapshot, model).TopK(queryMean, queryStd, 10);

        var brute = Enumerable.Range(0, n)
            .Select(i => (Id: ids[i], P: model.Probability(queryMean, queryStd, means.AsSpan(i * D, D), stddevs.AsSpan(i * D, D))))
            .OrderByDescending(x => x.P).ThenBy(x => int.Parse(x.Id[1..], System.Globalization.CultureInfo.InvariantCulture))
            .Take(10).ToArray();
        Assert.Equal(brute.Select(b => b.Id), top.Ids);
        for (var r = 0; r < 10; r++)
        {
            Assert.Equal(brute[r].P, top.Probabilities[r], 1e-5f);
        }
    }

    [Fact]
    public void K_larger_than_the_collection_returns_every_pose()
    {
        var snapshot = CollectionEmbeddings.FromArrays(["a", "b"], new float[2 * D], Enumerable.Repeat(0.5f, 2 * D).ToArray(), D);
        var top = new ExactMatchRanking(snapshot, Model()).TopK(new float[D], Enumerable.Repeat(0.5f, D).ToArray(), 10);
        // Equal probabilities keep snapshot order.
        Assert.Equal(["a", "b"], top.Ids);
    }

    [Fact]
    public void Mismatched_arrays_are_refused()
    {
        Assert.Throws<ArgumentException>(() => CollectionEmbeddings.FromArrays(["a"], new float[3], new float[4], D));
    }
}
