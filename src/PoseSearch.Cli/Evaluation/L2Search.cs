using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PoseSearch.Cli.Common;

namespace PoseSearch.Cli.Evaluation;

/// <summary>Exact nearest neighbours by Euclidean distance, SIMD over index rows.</summary>
internal static class L2Search
{
    /// <summary>
    /// Fills <paramref name="selector"/> with the index rows nearest to <paramref name="query"/>
    /// (Columns values). Rows with <paramref name="include"/>[row] false are skipped; scores are
    /// squared distances; equal distances rank by row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Nearest(ReadOnlySpan<float> query, ColumnMajorMatrix index, ReadOnlySpan<bool> include, TopKSelector selector)
    {
        var columns = index.Columns;
        if (query.Length < columns)
        {
            throw new ArgumentException($"query has {query.Length} values, index rows {columns}", nameof(query));
        }

        selector.Clear();
        Span<Vector<float>> broadcast = stackalloc Vector<float>[columns];
        for (var c = 0; c < columns; c++)
        {
            broadcast[c] = new Vector<float>(query[c]);
        }

        var width = Vector<float>.Count;
        var stride = index.PaddedRows;
        var data = MemoryMarshal.Cast<float, Vector<float>>(index.Data.AsSpan());
        var blocks = stride / width;
        var threshold = selector.Threshold;
        var thresholdVector = new Vector<float>(threshold);
        for (var block = 0; block < blocks; block++)
        {
            var acc = Vector<float>.Zero;
            for (var c = 0; c < columns; c++)
            {
                var diff = data[c * blocks + block] - broadcast[c];
                acc += diff * diff;
            }
            if (Vector.LessThanAny(acc, thresholdVector))
            {
                var first = block * width;
                for (var lane = 0; lane < width; lane++)
                {
                    var row = first + lane;
                    if (acc[lane] < threshold && row < index.Rows && include[row])
                    {
                        selector.Offer(acc[lane], row);
                        threshold = selector.Threshold;
                    }
                }
                thresholdVector = new Vector<float>(threshold);
            }
        }
    }
}
