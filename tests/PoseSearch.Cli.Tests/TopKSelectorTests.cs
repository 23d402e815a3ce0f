using PoseSearch.Cli.Common;

namespace PoseSearch.Cli.Tests;

public class TopKSelectorTests
{
    [Fact]
    public void Keeps_the_k_smallest_in_ascending_order_like_a_full_sort()
    {
        var random = new Random(3);
        var scores = Enumerable.Range(0, 500).Select(_ => (float)random.NextDouble()).ToArray();
        var selector = new TopKSelector(20);
        for (var i = 0; i < scores.Length; i++)
        {
            selector.Offer(scores[i], i);
        }

        var expected = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).Take(20).ToArray();
        Assert.Equal(expected, selector.Ids.ToArray());
        Assert.Equal(expected.Select(i => scores[i]).ToArray(), selector.Scores.ToArray());
    }

    [Fact]
    public void Equal_scores_keep_the_item_offered_first()
    {
        var selector = new TopKSelector(2);
        selector.Offer(1f, 10);
        selector.Offer(1f, 11);
        selector.Offer(1f, 12);
        selector.Offer(0.5f, 13);
        Assert.Equal(new[] { 13, 10 }, selector.Ids.ToArray());
    }

    [Fact]
    public void Holds_fewer_than_k_when_fewer_were_offered()
    {
        var selector = new TopKSelector(5);
        selector.Offer(3f, 1);
        selector.Offer(2f, 2);
        Assert.Equal(new[] { 2, 1 }, selector.Ids.ToArray());
        Assert.Equal(float.PositiveInfinity, selector.Threshold);
    }

    [Fact]
    public void Rejects_a_nan_score()
    {
        var selector = new TopKSelector(3);
        Assert.Throws<ArgumentException>(() => selector.Offer(float.NaN, 0));
    }
}
