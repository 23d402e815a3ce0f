using PoseSearch.Cli.Operations.Recall;

namespace PoseSearch.Cli.Tests.Operations.Recall;

public class LatencySummaryTests
{
    [Fact]
    public void Nearest_rank_percentiles_of_one_to_a_hundred()
    {
        var values = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray();
        var summary = LatencySummary.From(values);
        Assert.Equal(50, summary.P50Ms);
        Assert.Equal(90, summary.P90Ms);
        Assert.Equal(99, summary.P99Ms);
        Assert.Equal(100, summary.MaxMs);
        Assert.Equal(50.5, summary.MeanMs, 9);
        Assert.Equal(100, summary.Count);
    }

    [Fact]
    public void Small_samples_take_the_value_at_the_rounded_up_rank()
    {
        // 3 values: p50 rank ceil(1.5) = 2, p99 rank ceil(2.97) = 3.
        var summary = LatencySummary.From([3.0, 1.0, 2.0]);
        Assert.Equal(2, summary.P50Ms);
        Assert.Equal(3, summary.P99Ms);
        Assert.Equal(7, LatencySummary.From([7.0]).P99Ms);
    }

    [Fact]
    public void Empty_input_and_bad_percentiles_are_refused()
    {
        Assert.Throws<ArgumentException>(() => LatencySummary.From([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencySummary.Percentile([1.0], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencySummary.Percentile([1.0], 101));
    }
}
