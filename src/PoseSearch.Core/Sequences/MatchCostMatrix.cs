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
        for (var i = 0; i < n; i++)
        {
            var row = cost.AsSpan(i * m, m);
            model.ScoreCandidates(queryMeans.Slice(i * d, d), queryStddevs.Slice(i * d, d), referenceMeans, referenceStddevs, row);
            for (var j = 0; j < m; j++)
            {
                row[j] = -MathF.Log(Math.Max(row[j], ProbabilityFloor));
            }
        }
        return cost;
    }
}
