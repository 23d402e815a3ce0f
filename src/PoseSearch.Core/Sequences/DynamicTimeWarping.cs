namespace PoseSearch.Core.Sequences;

/// <summary>
/// Dynamic time warping over a precomputed frame cost matrix (query frames x reference frames),
/// steps (1, 1), (1, 0), (0, 1) at the cost of the cell entered. Full alignment matches both
/// sequences end to end; subsequence alignment (Müller, "Information Retrieval for Music and
/// Motion", ch. 4) matches the whole query to the cheapest stretch of the reference, so a short
/// clip can be located in a long take. Time and memory O(query x reference).
/// </summary>
public static class DynamicTimeWarping
{
    /// <param name="cost">Row-major query x reference costs, finite and &gt;= 0.</param>
    /// <param name="queryLength">Rows of <paramref name="cost"/>.</param>
    /// <param name="referenceLength">Columns of <paramref name="cost"/>.</param>
    /// <param name="subsequence">Free start and end in the reference.</param>
    public static SequenceAlignment Align(ReadOnlySpan<float> cost, int queryLength, int referenceLength, bool subsequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queryLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(referenceLength, 1);
        if (cost.Length != (long)queryLength * referenceLength)
        {
            throw new ArgumentException($"cost must hold {queryLength} x {referenceLength} values, got {cost.Length}", nameof(cost));
        }

        for (var i = 0; i < cost.Length; i++)
        {
            if (!(cost[i] >= 0) || !float.IsFinite(cost[i]))
            {
                throw new ArgumentException($"cost[{i / referenceLength}, {i % referenceLength}] = {cost[i]} is not a finite value >= 0", nameof(cost));
            }
        }

        int n = queryLength, m = referenceLength;
        // Accumulated cost in double: thousands of frames of -log p would lose precision in float.
        var total = new double[n * m];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                double best;
                if (i == 0 && j == 0)
                {
                    best = 0;
                }
                else if (i == 0)
                {
                    best = subsequence ? 0 : total[j - 1];
                }
                else if (j == 0)
                {
                    best = total[(i - 1) * m];
                }
                else
                {
                    best = Math.Min(total[(i - 1) * m + j - 1], Math.Min(total[(i - 1) * m + j], total[i * m + j - 1]));
                }

                total[i * m + j] = best + cost[i * m + j];
            }
        }

        var end = m - 1;
        if (subsequence)
        {
            for (var j = 0; j < m; j++)
            {
                if (total[(n - 1) * m + j] < total[(n - 1) * m + end])
                {
                    end = j;
                }
            }
        }
        var path = Backtrack(total, n, m, end, subsequence);
        return new SequenceAlignment(path, total[(n - 1) * m + end], queryLength);
    }

    private static (int Query, int Reference)[] Backtrack(double[] total, int n, int m, int end, bool subsequence)
    {
        var path = new List<(int, int)>(n + m);
        int i = n - 1, j = end;
        path.Add((i, j));
        while (i > 0 || j > 0)
        {
            if (i == 0)
            {
                if (subsequence)
                {
                    break; // a subsequence starts anywhere on the first query frame
                }

                j--;
            }
            else if (j == 0)
            {
                i--;
            }
            else
            {
                // Prefer the diagonal on ties: equal costs should not make the path stall.
                double diagonal = total[(i - 1) * m + j - 1], up = total[(i - 1) * m + j], left = total[i * m + j - 1];
                if (diagonal <= up && diagonal <= left) { i--; j--; }
                else if (up <= left)
                {
                    i--;
                }
                else
                {
                    j--;
                }
            }
            path.Add((i, j));
        }
        path.Reverse();
        return path.ToArray();
    }
}
