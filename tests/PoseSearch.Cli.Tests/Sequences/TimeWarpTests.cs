using PoseSearch.Cli.Evaluation.Sequences;

namespace PoseSearch.Cli.Tests.Sequences;

public class TimeWarpTests
{
    [Fact]
    public void Warps_are_strictly_increasing_stay_in_the_source_and_keep_their_mean_rate()
    {
        var random = new Random(4);
        for (var trial = 0; trial < 200; trial++)
        {
            var warp = TimeWarp.Random(60, random, 0.7, 1.4);
            Assert.InRange(warp.Rate, 0.7, 1.4);
            Assert.Equal(0, warp.SourceTimes[0]);
            for (var k = 1; k < warp.Length; k++)
            {
                Assert.True(warp.SourceTimes[k] > warp.SourceTimes[k - 1]);
            }

            Assert.True(warp.SourceTimes[^1] <= 59);
            // The warp ends within one step of the source's end, so its length follows from the rate.
            Assert.True(warp.SourceTimes[^1] > 59 - 1.3 * 1.4);
            var meanStep = warp.SourceTimes[^1] / (warp.Length - 1);
            Assert.InRange(meanStep, warp.Rate * 0.6, warp.Rate * 1.4);
        }
    }

    [Fact]
    public void Resampling_interpolates_linearly_between_source_frames()
    {
        var warp = TimeWarp.Random(10, new Random(1), 0.5, 0.5, maxModulation: 0);
        // Rate 0.5 without drift: times 0, 0.5, 1, ..., 9.
        Assert.Equal(19, warp.Length);
        var source = Enumerable.Range(0, 10).SelectMany(i => new[] { (float)i, 10f * i }).ToArray();
        var resampled = warp.Resample(source, 2);
        for (var k = 0; k < warp.Length; k++)
        {
            Assert.Equal(0.5f * k, resampled[2 * k], 4);
            Assert.Equal(5f * k, resampled[2 * k + 1], 3);
        }
    }

    [Fact]
    public void Overlap_and_quantiles_are_computed_as_documented()
    {
        Assert.Equal(1.0, AlignmentBenchmark.Iou(10, 19, 10, 19));
        Assert.Equal(5 / 15.0, AlignmentBenchmark.Iou(10, 19, 15, 24), 9);
        Assert.Equal(0.0, AlignmentBenchmark.Iou(0, 4, 5, 9));
        Assert.Equal(2.5, AlignmentBenchmark.Quantile([1, 2, 3, 4], 0.5), 9);
        Assert.Equal(3.85, AlignmentBenchmark.Quantile([1, 2, 3, 4], 0.95), 9);
    }
}
