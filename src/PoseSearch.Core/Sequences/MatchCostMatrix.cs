using PoseSearch.Core.Scoring;

namespace PoseSearch.Core.Sequences;

/// <summary>
/// The frame distance of alignment: -ln p, p the learned match probability between the Gaussian
/// embeddings of a query frame and a reference frame (the distance the training losses use).
/// </summary>
public static class MatchCostMatrix
{
    /// <summary>Smallest probability used, so that -ln p stays finite (p = 1e-6 gives a cost of 13.8).</summary>
    public const float ProbabilityFloor = 1e-6f;

    /// <summary>Matrices from this many cells on are filled on all cores.</summary>
    public const long ParallelCells = 16_384;

    /// <param name="queryMeans">N x D.</param>
    /// <param name="queryStddevs">N x D.</param>
    /// <param name="referenceMeans">M x D.</param>
    /// <param name="referenceStddevs">M x D.</param>
    /// <returns>N x M costs, row-major.</returns>
    public static float[] Build(MatchProbabilityModel model, ReadOnlySpan<float> queryMeans, ReadOnlySpan<float> queryStddevs,
        ReadOnlySpan<float> referenceMeans, ReadOnlySpan<float> referenceStddevs)
    {
        ArgumentNullException.ThrowIfNull(model);
        var d = model.Dimension;
        if (queryMeans.Length % d != 0 || queryStddevs.Length != queryMeans.Length)
        {
            throw new ArgumentException($"query means and stddevs must both be N x {d}");
        }

        if (referenceMeans.Length % d != 0 || referenceStddevs.Length != referenceMeans.Length)
        {
            throw new ArgumentException($"reference means and stddevs must both be M x {d}");
        }

        int n = queryMeans.Length / d, m = referenceMeans.Length / d;
        var cost = new float[n * m];
        // A cell costs K x K sample pairs (thousands of flops): rows go to every core once the matrix is large.
        float[] qm = queryMeans.ToArray(), qs = queryStddevs.ToArray(), rm = referenceMeans.ToArray(), rs = referenceStddevs.ToArray();
        void Row(int i)
        {
            var row = cost.AsSpan(i * m, m);
            model.ScoreCandidates(qm.AsSpan(i * d, d), qs.AsSpan(i * d, d), rm, rs, row);
            for (var j = 0; j < m; j++)
            {
                row[j] = -MathF.Log(Math.Max(row[j], ProbabilityFloor));
            }
        }

        if ((long)n * m >= ParallelCells)
        {
            Parallel.For(0, n, Row);
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                Row(i);
            }
        }

        return cost;
    }
}
