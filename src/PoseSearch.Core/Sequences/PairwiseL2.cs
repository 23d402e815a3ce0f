namespace PoseSearch.Core.Sequences;

/// <summary>Euclidean distances between every row of one matrix and every row of another.</summary>
public static class PairwiseL2
{
    /// <param name="a">N x <paramref name="dimension"/>, row-major.</param>
    /// <param name="b">M x <paramref name="dimension"/>, row-major.</param>
    /// <returns>N x M distances, row-major.</returns>
    public static float[] Compute(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (a.Length % dimension != 0 || b.Length % dimension != 0)
        {
            throw new ArgumentException($"both inputs must hold whole rows of {dimension} values");
        }

        int n = a.Length / dimension, m = b.Length / dimension;
        var cost = new float[n * m];
        for (var i = 0; i < n; i++)
        {
            var x = a.Slice(i * dimension, dimension);
            for (var j = 0; j < m; j++)
            {
                var y = b.Slice(j * dimension, dimension);
                var sum = 0f;
                for (var d = 0; d < dimension; d++)
                {
                    sum += (x[d] - y[d]) * (x[d] - y[d]);
                }

                cost[i * m + j] = MathF.Sqrt(sum);
            }
        }
        return cost;
    }
}
