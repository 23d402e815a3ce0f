using PoseSearch.Core.Scoring;
using PoseSearch.Core.Sequences;

namespace PoseSearch.Core.Tests.Sequences;

public class PoseSequenceAlignerTests
{
    private const int D = 4;

    private static MatchProbabilityModel Model()
    {
        var random = new Random(7);
        var eps = Enumerable.Range(0, 8 * D).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        return new MatchProbabilityModel(a: 2.5f, b: 1.5f, smoothing: 0.1f, eps, dimension: D);
    }

    /// <summary>A sequence whose frame f has the embedding mean (t, t^2, sin t, cos t), t = time of f, and stddev 0.1.</summary>
    private static AlignableSequence Sequence(long[] frames, Func<long, double> time, bool keypoints = true)
    {
        var means = frames.SelectMany(f =>
        {
            var t = time(f) / 10.0;
            return new[] { (float)t, (float)(t * t), (float)Math.Sin(t), (float)Math.Cos(t) };
        }).ToArray();
        var stddevs = Enumerable.Repeat(0.1f, means.Length).ToArray();
        var normalized = keypoints ? frames.SelectMany(f => Enumerable.Range(0, 26).Select(k => (float)Math.Sin(time(f) / 10.0 + k))).ToArray() : null;
        return new AlignableSequence(frames, means, stddevs, D, normalized);
    }

    [Fact]
    public void The_path_is_in_frame_numbers_with_the_models_probability_of_every_pair()
    {
        var model = Model();
        // B shows A's times at half speed, its frames numbered from 100.
        var a = Sequence(Enumerable.Range(0, 20).Select(i => (long)i).ToArray(), f => f);
        var b = Sequence(Enumerable.Range(100, 40).Select(i => (long)i).ToArray(), f => (f - 100) / 2.0);

        foreach (var distance in Enum.GetValues<FrameDistanceKind>())
        {
            var result = PoseSequenceAligner.Align(a, b, model, distance, subsequence: false);
            Assert.Equal((0L, 100L), (result.Path[0].FrameA, result.Path[0].FrameB));
            Assert.Equal((19L, 139L), (result.Path[^1].FrameA, result.Path[^1].FrameB));
            Assert.Equal(100, result.StartB);
            Assert.Equal(139, result.EndB);
            Assert.Equal(2.0, result.SpeedRatio);
            Assert.Equal(result.Path.Sum(p => p.Cost), result.TotalCost, 3);
            foreach (var pair in result.Path)
            {
                int i = (int)pair.FrameA, j = (int)pair.FrameB - 100;
                var p = model.Probability(a.Means.AsSpan(i * D, D), a.Stddevs.AsSpan(i * D, D), b.Means.AsSpan(j * D, D), b.Stddevs.AsSpan(j * D, D));
                Assert.Equal(Math.Max(p, MatchCostMatrix.ProbabilityFloor), pair.Probability, 4);
                if (distance == FrameDistanceKind.MatchProbability)
                {
                    Assert.Equal(-Math.Log(Math.Max(p, MatchCostMatrix.ProbabilityFloor)), pair.Cost, 3);
                }
            }

            Assert.Equal(result.Path.Average(p => p.Probability), result.MeanProbability, 9);
        }
    }

    [Fact]
    public void A_subsequence_is_found_where_the_reference_shows_the_query()
    {
        var a = Sequence(Enumerable.Range(0, 15).Select(i => (long)i).ToArray(), f => 30 + f);
        var b = Sequence(Enumerable.Range(0, 80).Select(i => (long)i).ToArray(), f => f);
        var result = PoseSequenceAligner.Align(a, b, Model(), FrameDistanceKind.MeanL2, subsequence: true);
        Assert.Equal(30, result.StartB);
        Assert.Equal(44, result.EndB);
        Assert.All(result.Path, p => Assert.Equal(p.FrameA + 30, p.FrameB));
    }

    [Fact]
    public void Raw_2d_needs_keypoints_and_the_dimensions_must_be_the_models()
    {
        var frames = new long[] { 0, 1, 2 };
        var stored = Sequence(frames, f => f, keypoints: false);
        Assert.Throws<ArgumentException>(() => PoseSequenceAligner.Align(Sequence(frames, f => f), stored, Model(), FrameDistanceKind.Raw2D, false));
        var wide = new AlignableSequence(frames, new float[3 * 5], Enumerable.Repeat(1f, 15).ToArray(), 5);
        Assert.Throws<ArgumentException>(() => PoseSequenceAligner.Align(wide, wide, Model(), FrameDistanceKind.MatchProbability, false));
    }

    [Fact]
    public void The_cost_matrix_is_minus_log_of_the_pair_by_pair_probability()
    {
        var model = Model();
        var a = Sequence(Enumerable.Range(0, 150).Select(i => (long)i).ToArray(), f => f);
        var b = Sequence(Enumerable.Range(0, 130).Select(i => (long)i).ToArray(), f => f * 0.7);
        var cost = MatchCostMatrix.Build(model, a.Means, a.Stddevs, b.Means, b.Stddevs);
        for (var i = 0; i < 150; i += 7)
        {
            for (var j = 0; j < 130; j += 5)
            {
                var p = model.Probability(a.Means.AsSpan(i * D, D), a.Stddevs.AsSpan(i * D, D), b.Means.AsSpan(j * D, D), b.Stddevs.AsSpan(j * D, D));
                Assert.Equal(-MathF.Log(Math.Max(p, MatchCostMatrix.ProbabilityFloor)), cost[i * 130 + j], 4);
            }
        }
    }
}
