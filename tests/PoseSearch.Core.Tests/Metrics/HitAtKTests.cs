using PoseSearch.Core.Metrics;

namespace PoseSearch.Core.Tests.Metrics;

public class HitAtKTests
{
    // Four queries; query q's correct candidates are the ids in Correct[q].
    private static readonly int[][] Correct = { new[] { 7 }, new[] { 3, 4 }, Array.Empty<int>(), new[] { 1 } };

    private static readonly IReadOnlyList<int>[] Ranked =
    {
        new[] { 7, 1, 2 },   // hit at rank 0
        new[] { 1, 2, 4 },   // first hit at rank 2
        new[] { 1, 2, 3 },   // no hit
        new[] { 5, 1, 6 },   // first hit at rank 1
    };

    [Fact]
    public void Counts_queries_with_a_correct_item_in_the_top_k()
    {
        var result = HitAtK.Compute(Ranked, (q, id) => Correct[q].Contains(id), new[] { 1, 2, 3 });
        // Hit@1 = 1/4, Hit@2 = 2/4, Hit@3 = 3/4
        Assert.Equal(new[] { 0.25, 0.5, 0.75 }, result.HitRates);
        Assert.Equal(0.5, result[2]);
        Assert.Equal(4, result.QueryCount);
        Assert.Throws<KeyNotFoundException>(() => result[10]);
    }

    [Fact]
    public void Correctness_matrix_form_gives_the_same_rates()
    {
        var correct = Ranked.SelectMany((list, q) => list.Select(id => Correct[q].Contains(id))).ToArray();
        var result = HitAtK.FromCorrectness(correct, 3, new[] { 1, 2, 3 });
        Assert.Equal(new[] { 0.25, 0.5, 0.75 }, result.HitRates);
    }

    [Fact]
    public void First_hit_ranks_form()
    {
        var result = HitAtK.FromFirstHitRanks(new[] { 0, 2, -1, 1, 9 }, new[] { 1, 10 });
        Assert.Equal(new[] { 0.2, 0.8 }, result.HitRates);
    }

    [Fact]
    public void Invalid_arguments_are_named()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HitAtK.FromFirstHitRanks(new[] { 0 }, new[] { 0 }));
        Assert.Throws<ArgumentException>(() => HitAtK.FromFirstHitRanks(Array.Empty<int>(), new[] { 1 }));
        var e = Assert.Throws<ArgumentException>(() => HitAtK.FromCorrectness(new bool[6], 3, new[] { 1, 5 }));
        Assert.Contains("Hit@5 needs ranked lists of at least 5 items, got 3", e.Message);
        Assert.Throws<ArgumentException>(() => HitAtK.FromCorrectness(new bool[7], 3, new[] { 1 }));
    }
}
