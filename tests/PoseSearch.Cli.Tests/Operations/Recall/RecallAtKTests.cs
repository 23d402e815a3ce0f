using PoseSearch.Cli.Operations.Recall;

namespace PoseSearch.Cli.Tests.Operations.Recall;

public class RecallAtKTests
{
    private static RankedHits Hits(params (string Id, float P)[] hits) => new(hits.Select(h => h.Id).ToArray(), hits.Select(h => h.P).ToArray());

    [Fact]
    public void Same_top_k_is_full_recall()
    {
        var exact = Hits(("a", 0.9f), ("b", 0.8f), ("c", 0.7f));
        Assert.Equal(1.0, RecallAtK.Compute(exact, exact, 3));
    }

    [Fact]
    public void Share_of_the_exact_top_k_found()
    {
        var exact = Hits(("a", 0.9f), ("b", 0.8f), ("c", 0.7f), ("d", 0.6f));
        // Found a and c of the exact top 4; x and y score below the 4th exact probability.
        var approximate = Hits(("a", 0.9f), ("c", 0.7f), ("x", 0.5f), ("y", 0.4f));
        Assert.Equal(0.5, RecallAtK.Compute(approximate, exact, 4));
        // Order inside the top k does not matter.
        Assert.Equal(1.0, RecallAtK.Compute(Hits(("b", 0.8f), ("a", 0.9f)), exact, 2));
    }

    [Fact]
    public void A_hit_tying_the_kth_exact_probability_counts()
    {
        var exact = Hits(("a", 0.9f), ("b", 0.7f));
        var approximate = Hits(("a", 0.9f), ("tie", 0.7f));
        Assert.Equal(1.0, RecallAtK.Compute(approximate, exact, 2));
        Assert.Equal(0.5, RecallAtK.Compute(Hits(("a", 0.9f), ("below", 0.69f)), exact, 2));
    }

    [Fact]
    public void Short_lists_count_against_the_exact_size()
    {
        // The collection holds 2 poses: recall@10 is over those 2.
        var exact = Hits(("a", 0.9f), ("b", 0.8f));
        Assert.Equal(0.5, RecallAtK.Compute(Hits(("a", 0.9f)), exact, 10));
        Assert.Equal(1.0, RecallAtK.Compute(Hits(), Hits(), 10));
    }

    [Fact]
    public void K_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RecallAtK.Compute(Hits(), Hits(), 0));
    }
}
