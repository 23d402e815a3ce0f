using PoseSearch.Cli.Evaluation;

namespace PoseSearch.Cli.Tests;

/// <summary>The rank statistics of the ambiguity analysis against brute force.</summary>
public class AmbiguityStatisticsTests
{
    [Fact]
    public void Auroc_equals_the_share_of_positive_negative_pairs_ranked_right()
    {
        var random = new Random(5);
        var score = Enumerable.Range(0, 60).Select(_ => (double)random.Next(0, 12)).ToArray(); // many ties
        var label = Enumerable.Range(0, 60).Select(_ => random.NextDouble() < 0.3 ? 1.0 : 0.0).ToArray();

        double wins = 0, pairs = 0;
        for (var i = 0; i < score.Length; i++)
        {
            for (var j = 0; j < score.Length; j++)
            {
                if (label[i] != 1.0 || label[j] != 0.0)
                {
                    continue;
                }

                pairs++;
                wins += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
            }
        }

        Assert.Equal(wins / pairs, AmbiguityAnalysis.Auroc(score, label), 9);
    }

    [Fact]
    public void Spearman_is_one_for_monotone_data_minus_one_reversed_and_handles_ties()
    {
        double[] x = [1, 2, 3, 4, 5];
        Assert.Equal(1.0, AmbiguityAnalysis.Spearman(x, x.Select(v => v * v).ToArray()), 9);
        Assert.Equal(-1.0, AmbiguityAnalysis.Spearman(x, x.Select(v => -v).ToArray()), 9);
        // With ties: mid-ranks of y = [1, 2.5, 2.5, 4, 5]; Pearson of (1..5) with them by hand.
        double[] y = [10, 20, 20, 30, 40];
        double[] ry = [1, 2.5, 2.5, 4, 5];
        double mx = 3, my = 3, sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < 5; i++)
        {
            sxy += (i + 1 - mx) * (ry[i] - my);
            sxx += (i + 1 - mx) * (i + 1 - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        Assert.Equal(sxy / Math.Sqrt(sxx * syy), AmbiguityAnalysis.Spearman(x, y), 9);
        Assert.True(double.IsNaN(AmbiguityAnalysis.Spearman(x, [1, 1, 1, 1, 1])));
    }

    [Fact]
    public void Deciles_split_the_queries_into_ten_equal_bins_in_ambiguity_order()
    {
        var observations = new AmbiguityObservations();
        for (var i = 0; i < 100; i++)
        {
            observations.Add(ambiguity: i / 100.0, hit: i < 50);
        }

        var set = AmbiguityAnalysis.Summarize("test", observations);

        Assert.Equal(10, set.Deciles.Count);
        Assert.All(set.Deciles, d => Assert.Equal(10, d.Queries));
        Assert.Equal(1.0, set.Deciles[0].HitAt1);
        Assert.Equal(0.0, set.Deciles[9].HitAt1);
        Assert.Equal(0.90, set.Deciles[9].MinAmbiguity, 9);
        Assert.Equal(1.0, set.FailureAuroc!.Value, 9); // every miss is more ambiguous than every hit
    }
}
