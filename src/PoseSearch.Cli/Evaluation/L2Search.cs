using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PoseSearch.Cli.Evaluation;

/// <summary>Exact nearest neighbours by Euclidean distance over a <see cref="PaddedMatrix"/>.</summary>
internal static class L2Search
{
    /// <summary>Squared L2 distance of two padded rows (same stride).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        var acc = Vector<float>.Zero;
        for (var i = 0; i < va.Length; i++)
        {
            var d = va[i] - vb[i];
            acc += d * d;
        }
        return Vector.Sum(acc);
    }

    /// <summary>
    /// Fills <paramref name="selector"/> with the index rows nearest to <paramref name="query"/>
    /// (a padded row of the same stride). Rows with <paramref name="include"/>[row] false are
    /// skipped; scores are squared distances.
    /// </summary>
    public static void Nearest(ReadOnlySpan<float> query, PaddedMatrix index, ReadOnlySpan<bool> include, TopKSelector selector)
    {
        if (query.Length != index.Stride)
            throw new ArgumentException($"query has {query.Length} values, index rows {index.Stride}", nameof(query));
        selector.Clear();
        var data = index.Data.AsSpan();
        var stride = index.Stride;
        for (var row = 0; row < index.Rows; row++)
        {
            if (!include[row]) continue;
            var d = SquaredDistance(query, data.Slice(row * stride, stride));
            if (d < selector.Threshold) selector.Offer(d, row);
        }
    }
}
