using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PoseSearch.Core.Scoring;

/// <summary>
/// The learned match probability of two Gaussian embeddings (docs/method.md section 5, the
/// contract's "Match probability"): with the shipped eps (K x D standard-normal draws),
/// z1_k = mu1 + sigma1 * eps_k, z2_l = mu2 + sigma2 * eps_l (the same eps on both sides), and
/// p = mean over all K x K pairs of (1 - s) * sigmoid(-a * |z1_k - z2_l| + b) + s / 2.
/// Thread-safe: instances are immutable and calls keep their scratch on the stack.
/// </summary>
public sealed class MatchProbabilityModel
{
    // Query scratch beyond this many floats comes from the array pool instead of the stack.
    private const int MaxStackFloats = 8192;

    private readonly float[] _eps;

    /// <param name="a">Sigmoid slope, already ELU(raw_a) + 1, &gt; 0.</param>
    /// <param name="b">Sigmoid offset.</param>
    /// <param name="smoothing">s in [0, 1).</param>
    /// <param name="eps">K x D row-major standard-normal draws; K = eps.Length / dimension.</param>
    /// <param name="dimension">Embedding dimension D.</param>
    public MatchProbabilityModel(float a, float b, float smoothing, float[] eps, int dimension)
    {
        ArgumentNullException.ThrowIfNull(eps);
        if (!(a > 0) || !float.IsFinite(a))
        {
            throw new ArgumentOutOfRangeException(nameof(a), a, "sigmoid slope a must be finite and > 0");
        }

        if (!float.IsFinite(b))
        {
            throw new ArgumentOutOfRangeException(nameof(b), b, "sigmoid offset b must be finite");
        }

        if (!(smoothing >= 0 && smoothing < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(smoothing), smoothing, "smoothing s must be in [0, 1)");
        }

        if (dimension <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "embedding dimension must be > 0");
        }

        if (eps.Length == 0 || eps.Length % dimension != 0)
        {
            throw new ArgumentException($"eps must hold K x {dimension} values (K >= 1), got {eps.Length}", nameof(eps));
        }

        for (var i = 0; i < eps.Length; i++)
        {
            if (!float.IsFinite(eps[i]))
            {
                throw new ArgumentException($"eps[{i / dimension}][{i % dimension}] is not finite", nameof(eps));
            }
        }

        A = a;
        B = b;
        Smoothing = smoothing;
        Dimension = dimension;
        SampleCount = eps.Length / dimension;
        _eps = (float[])eps.Clone();
    }

    public float A { get; }
    public float B { get; }
    public float Smoothing { get; }

    /// <summary>Embedding dimension D.</summary>
    public int Dimension { get; }

    /// <summary>Samples per embedding K.</summary>
    public int SampleCount { get; }

    /// <summary>The K x D eps matrix, row-major.</summary>
    public ReadOnlySpan<float> Eps => _eps;

    /// <summary>-log p: the distance the training losses use; ranking by it equals ranking by p.</summary>
    public static float Distance(float p) => -MathF.Log(p);

    /// <summary>Match probability of one pair of embeddings.</summary>
    public float Probability(ReadOnlySpan<float> mean1, ReadOnlySpan<float> std1, ReadOnlySpan<float> mean2, ReadOnlySpan<float> std2)
    {
        Span<float> result = stackalloc float[1];
        ScoreCandidates(mean1, std1, mean2, std2, result);
        return result[0];
    }

    /// <summary>
    /// Match probability of one query against M candidates. The query is sampled once; nothing
    /// is allocated on the heap for usual sizes (K x D up to 8k floats).
    /// </summary>
    /// <param name="candidateMeans">M x D, row-major.</param>
    /// <param name="candidateStds">M x D, row-major.</param>
    /// <param name="probabilities">M outputs; M is taken from its length.</param>
    /// <remarks>Candidate values are not checked (hot path); a non-finite candidate gives NaN for that candidate only.</remarks>
    public void ScoreCandidates(ReadOnlySpan<float> queryMean, ReadOnlySpan<float> queryStd,
        ReadOnlySpan<float> candidateMeans, ReadOnlySpan<float> candidateStds, Span<float> probabilities)
    {
        var d = Dimension;
        var m = probabilities.Length;
        if (queryMean.Length != d)
        {
            throw new ArgumentException($"query mean must have {d} values, got {queryMean.Length}", nameof(queryMean));
        }

        if (queryStd.Length != d)
        {
            throw new ArgumentException($"query stddev must have {d} values, got {queryStd.Length}", nameof(queryStd));
        }

        if (candidateMeans.Length != m * d)
        {
            throw new ArgumentException($"candidate means must hold {m} x {d} = {m * d} values, got {candidateMeans.Length}", nameof(candidateMeans));
        }

        if (candidateStds.Length != m * d)
        {
            throw new ArgumentException($"candidate stddevs must hold {m} x {d} = {m * d} values, got {candidateStds.Length}", nameof(candidateStds));
        }

        for (var i = 0; i < d; i++)
        {
            if (!float.IsFinite(queryMean[i]) || !float.IsFinite(queryStd[i]))
            {
                throw new ArgumentException($"query embedding has a non-finite value at dimension {i}");
            }
        }
        if (m == 0)
        {
            return;
        }

        var width = Vector<float>.Count;
        var blocks = (SampleCount + width - 1) / width;
        var paddedK = blocks * width;
        // Layout: query samples transposed (D rows of paddedK), the lane weights (paddedK), one candidate sample (D).
        var scratchLength = d * paddedK + paddedK + d;
        float[]? rented = null;
        var scratch = scratchLength <= MaxStackFloats
            ? stackalloc float[scratchLength]
            : (rented = ArrayPool<float>.Shared.Rent(scratchLength)).AsSpan(0, scratchLength);
        try
        {
            var queryT = scratch[..(d * paddedK)];
            var laneWeights = scratch.Slice(d * paddedK, paddedK);
            var candidateSample = scratch.Slice(d * paddedK + paddedK, d);
            SampleQueryTransposed(queryMean, queryStd, queryT, paddedK);
            laneWeights.Clear();
            laneWeights[..SampleCount].Fill(1f);

            var pairScale = (1f - Smoothing) / (SampleCount * (float)SampleCount);
            var floor = Smoothing / 2f;
            for (var c = 0; c < m; c++)
            {
                var sum = SumPairSigmoids(queryT, laneWeights, blocks,
                    candidateMeans.Slice(c * d, d), candidateStds.Slice(c * d, d), candidateSample);
                probabilities[c] = sum * pairScale + floor;
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    // queryT[dim * paddedK + k] = mu[dim] + sigma[dim] * eps[k, dim]; padded lanes stay 0 and are weighted out.
    private void SampleQueryTransposed(ReadOnlySpan<float> mean, ReadOnlySpan<float> std, Span<float> queryT, int paddedK)
    {
        queryT.Clear();
        var d = Dimension;
        for (var k = 0; k < SampleCount; k++)
        {
            var epsRow = _eps.AsSpan(k * d, d);
            for (var dim = 0; dim < d; dim++)
            {
                queryT[dim * paddedK + k] = mean[dim] + std[dim] * epsRow[dim];
            }
        }
    }

    // Sum over all K x K sample pairs of sigmoid(-a * dist + b) = 1 / (1 + exp(a * dist - b)),
    // vectorized over the query samples: each candidate sample is broadcast against W query
    // samples at a time. Up to three blocks of W query samples share one pass over the
    // dimensions, so three independent accumulation chains hide the FMA latency.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private float SumPairSigmoids(ReadOnlySpan<float> queryT, ReadOnlySpan<float> laneWeights, int blocks,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> std, Span<float> candidateSample)
    {
        var d = Dimension;
        ref var query = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<float, Vector<float>>(queryT));
        ref var weights = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<float, Vector<float>>(laneWeights));
        ref var sample = ref MemoryMarshal.GetReference(candidateSample);
        var slope = new Vector<float>(A);
        var offset = new Vector<float>(B);
        var total = Vector<float>.Zero;

        for (var l = 0; l < SampleCount; l++)
        {
            Sample(mean, std, _eps.AsSpan(l * d, d), candidateSample);

            var blk = 0;
            for (; blk + 3 <= blocks; blk += 3)
            {
                Vector<float> s0 = Vector<float>.Zero, s1 = Vector<float>.Zero, s2 = Vector<float>.Zero;
                for (var dim = 0; dim < d; dim++)
                {
                    var z = new Vector<float>(Unsafe.Add(ref sample, dim));
                    ref var row = ref Unsafe.Add(ref query, dim * blocks + blk);
                    var diff0 = row - z;
                    var diff1 = Unsafe.Add(ref row, 1) - z;
                    var diff2 = Unsafe.Add(ref row, 2) - z;
                    s0 = Vector.MultiplyAddEstimate(diff0, diff0, s0);
                    s1 = Vector.MultiplyAddEstimate(diff1, diff1, s1);
                    s2 = Vector.MultiplyAddEstimate(diff2, diff2, s2);
                }
                total = Vector.MultiplyAddEstimate(Unsafe.Add(ref weights, blk), Sigmoid(s0, slope, offset), total);
                total = Vector.MultiplyAddEstimate(Unsafe.Add(ref weights, blk + 1), Sigmoid(s1, slope, offset), total);
                total = Vector.MultiplyAddEstimate(Unsafe.Add(ref weights, blk + 2), Sigmoid(s2, slope, offset), total);
            }
            for (; blk < blocks; blk++)
            {
                // Leftover blocks one at a time, the dimensions split over two chains.
                Vector<float> s0 = Vector<float>.Zero, s1 = Vector<float>.Zero;
                var dim = 0;
                for (; dim + 2 <= d; dim += 2)
                {
                    var diff0 = Unsafe.Add(ref query, dim * blocks + blk) - new Vector<float>(Unsafe.Add(ref sample, dim));
                    var diff1 = Unsafe.Add(ref query, (dim + 1) * blocks + blk) - new Vector<float>(Unsafe.Add(ref sample, dim + 1));
                    s0 = Vector.MultiplyAddEstimate(diff0, diff0, s0);
                    s1 = Vector.MultiplyAddEstimate(diff1, diff1, s1);
                }
                if (dim < d)
                {
                    var diff = Unsafe.Add(ref query, dim * blocks + blk) - new Vector<float>(Unsafe.Add(ref sample, dim));
                    s0 = Vector.MultiplyAddEstimate(diff, diff, s0);
                }
                total = Vector.MultiplyAddEstimate(Unsafe.Add(ref weights, blk), Sigmoid(s0 + s1, slope, offset), total);
            }
        }
        return Vector.Sum(total);
    }

    // destination = mean + std * epsRow, vectorized over the dimensions.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Sample(ReadOnlySpan<float> mean, ReadOnlySpan<float> std, ReadOnlySpan<float> epsRow, Span<float> destination)
    {
        var width = Vector<float>.Count;
        var i = 0;
        for (; i + width <= destination.Length; i += width)
        {
            var v = Vector.MultiplyAddEstimate(new Vector<float>(std[i..]), new Vector<float>(epsRow[i..]), new Vector<float>(mean[i..]));
            v.CopyTo(destination[i..]);
        }
        for (; i < destination.Length; i++)
        {
            destination[i] = mean[i] + std[i] * epsRow[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Sigmoid(Vector<float> squaredDistance, Vector<float> slope, Vector<float> offset) =>
        Vector<float>.One / (Vector<float>.One + VectorExp.Exp(slope * Vector.SquareRoot(squaredDistance) - offset));
}
