using PoseSearch.Core.Sequences;

namespace PoseSearch.Core.Tests.Sequences;

public class DynamicTimeWarpingTests
{
    /// <summary>Every monotone path of steps (1,1), (1,0), (0,1) from (0, start) to (n-1, end), with its cost.</summary>
    private static IEnumerable<double> AllPathCosts(float[] cost, int n, int m, int i, int j, double sofar, int endColumn)
    {
        sofar += cost[i * m + j];
        if (i == n - 1 && j == endColumn)
        {
            yield return sofar;
            yield break;
        }
        foreach (var (di, dj) in new[] { (1, 1), (1, 0), (0, 1) })
        {
            int a = i + di, b = j + dj;
            if (a < n && b <= endColumn)
            {
                foreach (var c in AllPathCosts(cost, n, m, a, b, sofar, endColumn))
                {
                    yield return c;
                }
            }
        }
    }

    private static float[] RandomCost(Random random, int n, int m) =>
        Enumerable.Range(0, n * m).Select(_ => (float)random.NextDouble() * 5).ToArray();

    [Fact]
    public void Full_alignment_finds_the_cheapest_of_all_monotone_paths()
    {
        var random = new Random(8);
        for (var trial = 0; trial < 40; trial++)
        {
            int n = random.Next(1, 5), m = random.Next(1, 5);
            var cost = RandomCost(random, n, m);
            var best = AllPathCosts(cost, n, m, 0, 0, 0, m - 1).Min();

            var alignment = DynamicTimeWarping.Align(cost, n, m, subsequence: false);

            Assert.Equal(best, alignment.TotalCost, 4);
            Assert.Equal((0, 0), alignment.Path[0]);
            Assert.Equal((n - 1, m - 1), alignment.Path[^1]);
            Assert.Equal(alignment.TotalCost, alignment.Path.Sum(p => (double)cost[p.Query * m + p.Reference]), 4);
        }
    }

    [Fact]
    public void Subsequence_alignment_finds_the_cheapest_path_over_every_start_and_end()
    {
        var random = new Random(9);
        for (var trial = 0; trial < 40; trial++)
        {
            int n = random.Next(1, 4), m = random.Next(1, 6);
            var cost = RandomCost(random, n, m);
            var best = double.PositiveInfinity;
            for (var start = 0; start < m; start++)
            {
                for (var end = start; end < m; end++)
                {
                    best = Math.Min(best, AllPathCosts(cost, n, m, 0, start, 0, end).DefaultIfEmpty(double.PositiveInfinity).Min());
                }
            }

            var alignment = DynamicTimeWarping.Align(cost, n, m, subsequence: true);

            Assert.Equal(best, alignment.TotalCost, 4);
            Assert.Equal(0, alignment.Path[0].Query);
            Assert.Equal(n - 1, alignment.Path[^1].Query);
            Assert.Equal(alignment.TotalCost, alignment.Path.Sum(p => (double)cost[p.Query * m + p.Reference]), 4);
        }
    }

    private static SequenceAlignment AlignRamp(float[] query)
    {
        // Reference: a ramp 0..99; cost = |query value - reference value|.
        var reference = Enumerable.Range(0, 100).Select(i => (float)i).ToArray();
        var cost = new float[query.Length * reference.Length];
        for (var i = 0; i < query.Length; i++)
        {
            for (var j = 0; j < reference.Length; j++)
            {
                cost[i * reference.Length + j] = Math.Abs(query[i] - reference[j]);
            }
        }

        return DynamicTimeWarping.Align(cost, query.Length, reference.Length, subsequence: true);
    }

    [Fact]
    public void Locates_a_clip_in_a_long_take()
    {
        var alignment = AlignRamp(Enumerable.Range(40, 20).Select(i => (float)i).ToArray());

        Assert.Equal(40, alignment.ReferenceStart);
        Assert.Equal(59, alignment.ReferenceEnd);
        Assert.Equal(0, alignment.TotalCost, 6);
        Assert.Equal(1.0, alignment.SpeedRatio, 6);
        Assert.Equal(Enumerable.Range(40, 20).Select(i => (double)i).ToArray(), alignment.ReferenceFrameOfEachQueryFrame());
    }

    [Fact]
    public void Measures_the_speed_of_a_clip_performed_twice_as_fast()
    {
        // Frames 40, 42, ..., 58: every step skips a reference frame, which the path must cross.
        var alignment = AlignRamp(Enumerable.Range(0, 10).Select(i => 40f + 2 * i).ToArray());

        Assert.InRange(alignment.ReferenceStart, 40, 41);
        Assert.InRange(alignment.ReferenceEnd, 57, 58); // skipping a frame costs the same at either end
        Assert.InRange(alignment.SpeedRatio, 1.7, 1.9);
        var matched = alignment.ReferenceFrameOfEachQueryFrame();
        for (var i = 0; i < matched.Length; i++)
        {
            Assert.InRange(matched[i], 40 + 2 * i - 1, 40 + 2 * i + 1);
        }
    }

    [Fact]
    public void Refuses_a_cost_matrix_of_the_wrong_size_or_with_bad_values()
    {
        Assert.Throws<ArgumentException>(() => DynamicTimeWarping.Align(new float[5], 2, 3, false));
        Assert.Throws<ArgumentException>(() => DynamicTimeWarping.Align([0, float.NaN], 1, 2, false));
        Assert.Throws<ArgumentException>(() => DynamicTimeWarping.Align([0, -1], 1, 2, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => DynamicTimeWarping.Align([], 0, 0, false));
    }
}
