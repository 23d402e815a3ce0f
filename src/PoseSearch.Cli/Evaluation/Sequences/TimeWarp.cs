namespace PoseSearch.Cli.Evaluation.Sequences;

/// <summary>
/// A random smooth, strictly increasing time warp: warped frame k shows source time
/// <see cref="SourceTimes"/>[k] (in source frames). The playback rate r (source frames per warped
/// frame, 1.4 = 40 % faster) is modulated by a slow sine, rate(k) = r (1 + a sin(2 pi k / P + phi)),
/// a &lt; 1, so the tempo drifts within a take as a performer's does.
/// </summary>
internal sealed class TimeWarp
{
    private TimeWarp(double rate, double[] sourceTimes)
    {
        Rate = rate;
        SourceTimes = sourceTimes;
    }

    /// <summary>The mean playback rate r.</summary>
    public double Rate { get; }

    public double[] SourceTimes { get; }

    public int Length => SourceTimes.Length;

    /// <param name="sourceLength">Frames of the source; the warp covers [0, sourceLength - 1].</param>
    public static TimeWarp Random(int sourceLength, Random random, double minRate, double maxRate, double maxModulation = 0.3)
    {
        if (sourceLength < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(sourceLength), sourceLength, "a warp needs at least two source frames");
        }

        if (!(minRate > 0 && maxRate >= minRate))
        {
            throw new ArgumentException($"rates must satisfy 0 < min <= max, got {minRate}, {maxRate}");
        }

        if (!(maxModulation is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(maxModulation), maxModulation, "modulation must be in [0, 1)");
        }

        var rate = minRate + random.NextDouble() * (maxRate - minRate);
        var amplitude = random.NextDouble() * maxModulation;
        var period = (0.5 + random.NextDouble()) * sourceLength / rate;
        var phase = random.NextDouble() * 2 * Math.PI;
        var times = new List<double> { 0 };
        for (var k = 1; ; k++)
        {
            // The rate at the midpoint of the step: a trapezoid-free, always positive increment.
            var next = times[^1] + rate * (1 + amplitude * Math.Sin(2 * Math.PI * (k - 0.5) / period + phase));
            if (next > sourceLength - 1)
            {
                break;
            }

            times.Add(next);
        }
        return new TimeWarp(rate, times.ToArray());
    }

    /// <summary>The source poses (N x values) resampled at the warp's times by linear interpolation.</summary>
    public float[] Resample(ReadOnlySpan<float> source, int valuesPerFrame)
    {
        var result = new float[Length * valuesPerFrame];
        for (var k = 0; k < Length; k++)
        {
            var t = SourceTimes[k];
            var lower = (int)Math.Floor(t);
            var upper = Math.Min(lower + 1, source.Length / valuesPerFrame - 1);
            var w = (float)(t - lower);
            for (var v = 0; v < valuesPerFrame; v++)
            {
                result[k * valuesPerFrame + v] = (1 - w) * source[lower * valuesPerFrame + v] + w * source[upper * valuesPerFrame + v];
            }
        }
        return result;
    }
}
