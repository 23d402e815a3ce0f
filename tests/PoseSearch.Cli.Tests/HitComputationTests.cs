using PoseSearch.Cli.Common;
using PoseSearch.Cli.Evaluation;
using PoseSearch.Cli.Tests.Support;
using PoseSearch.Core.Metrics;

namespace PoseSearch.Cli.Tests;

public class HitComputationTests
{
    private static int[] Lists(params int[][] rows) => rows.SelectMany(r => r.Concat(Enumerable.Repeat(-1, EvalSettings.Depth - r.Length))).ToArray();

    [Fact]
    public void Hit_rates_at_a_kappa_follow_the_first_rank_below_it()
    {
        // Query 0: first match (< 0.1) at rank 0; query 1: at rank 5; query 2: at rank 15; query 3: never (NaN and 0.1 itself).
        var d = Enumerable.Repeat(0.5f, 4 * EvalSettings.Depth).ToArray();
        d[0] = 0.05f;
        d[EvalSettings.Depth + 5] = 0.09f;
        d[2 * EvalSettings.Depth + 15] = 0.0f;
        d[3 * EvalSettings.Depth] = float.NaN;
        d[3 * EvalSettings.Depth + 1] = 0.1f;
        var hits = HitComputation.AtKappa(d, 0.1f);
        Assert.Equal(1 / 4.0, hits.HitAt1, 9);
        Assert.Equal(2 / 4.0, hits.HitAt10, 9);
        Assert.Equal(3 / 4.0, hits.HitAt20, 9);
        // At kappa 0.06 only query 0 (0.05) and query 2 (0.0) count.
        var tighter = HitComputation.AtKappa(d, 0.06f);
        Assert.Equal(1 / 4.0, tighter.HitAt1, 9);
        Assert.Equal(2 / 4.0, tighter.HitAt20, 9);
    }

    [Fact]
    public void Overlap_and_identical_top1_are_counted_per_query()
    {
        var a = Lists([1, 2, 3], [4, 5], [7]);
        var b = Lists([1, 3, 9], [5, 4], [8]);
        // Shared: {1, 3} = 2, {4, 5} = 2, {} = 0 -> mean 4/3; same first item only in query 0.
        Assert.Equal(4 / 3.0, HitComputation.MeanOverlap(a, b), 9);
        Assert.Equal(1 / 3.0, HitComputation.Top1IdenticalRate(a, b), 9);
    }

    [Fact]
    public void Seeded_samples_are_distinct_sorted_reproducible_and_whole_when_asked_for_all()
    {
        var sample = SeededSample.Rows(1000, 100, 5);
        Assert.Equal(100, sample.Distinct().Count());
        Assert.Equal(sample.Order().ToArray(), sample);
        Assert.All(sample, r => Assert.InRange(r, 0, 999));
        Assert.Equal(sample, SeededSample.Rows(1000, 100, 5));
        Assert.NotEqual(sample, SeededSample.Rows(1000, 100, 6));
        Assert.Equal(Enumerable.Range(0, 7).ToArray(), SeededSample.Rows(7, 0, 1));
        Assert.Equal(Enumerable.Range(0, 7).ToArray(), SeededSample.Rows(7, 50, 1));
    }

    [Fact]
    public void Perturbation_seeds_are_a_fixed_formula_so_runs_reproduce_across_processes()
    {
        // 1234 * 31 + 1,000,003 * 3 + 7,919 * 2 = 38,254 + 3,000,009 + 15,838
        Assert.Equal(3_054_101, RobustnessRows.PerturbationSeed(1234, 2, 1));
        Assert.NotEqual(RobustnessRows.PerturbationSeed(1234, 2, 1), RobustnessRows.PerturbationSeed(1234, 1, 2));
    }

    [Fact]
    public void The_correctness_oracle_computes_each_pair_once_and_agrees_with_core()
    {
        var poses = TestDatasets.DistinctPoses(5);
        var set = new NormalizedPoseSet(poses.SelectMany(p => p).ToArray());
        var oracle = new CorrectnessOracle(set);
        var ranked = Lists([1, 2, -1], [0, 1]);
        var first = oracle.ByRank([0, 3], ranked, EvalSettings.Depth, threads: 2, CancellationToken.None);
        var again = oracle.ByRank([0, 3], ranked, EvalSettings.Depth, threads: 2, CancellationToken.None);

        Assert.Equal(4, oracle.Computed);                      // (0,1), (0,2), (3,0), (3,1)
        Assert.Equal(first, again);
        Assert.Equal(set.Distance(1, 0), first[0]);            // retrieved pose aligned to the query's
        Assert.Equal(set.Distance(1, 3), first[EvalSettings.Depth + 1]);
        Assert.True(float.IsNaN(first[2]));                    // -1: no item
    }
}
