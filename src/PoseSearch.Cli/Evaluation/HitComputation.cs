using PoseSearch.Cli.Evaluation.Reports;
using PoseSearch.Core.Metrics;

namespace PoseSearch.Cli.Evaluation;

/// <summary>Hit@1/10/20 from ranked NP-MPJPE values, through Core's <see cref="KappaSweep"/>.</summary>
internal static class HitComputation
{
    /// <param name="npMpjpeByRank">Q x <see cref="EvalSettings.Depth"/> values; NaN never matches.</param>
    public static IReadOnlyList<HitRates> AtKappas(float[] npMpjpeByRank, IReadOnlyList<float> kappas) =>
        KappaSweep.Compute(npMpjpeByRank, EvalSettings.Depth, kappas, EvalSettings.Ks)
            .Select(k => HitRates.FromList(k.HitRates.HitRates))
            .ToArray();

    public static HitRates AtKappa(float[] npMpjpeByRank, float kappa) => AtKappas(npMpjpeByRank, [kappa])[0];

    /// <summary>The rows of the given queries (positions in the ranked matrix).</summary>
    public static T[] SelectRows<T>(T[] byRank, IReadOnlyList<int> positions)
    {
        var depth = EvalSettings.Depth;
        var result = new T[positions.Count * depth];
        for (var i = 0; i < positions.Count; i++)
        {
            byRank.AsSpan(positions[i] * depth, depth).CopyTo(result.AsSpan(i * depth, depth));
        }

        return result;
    }

    /// <summary>Mean size of the intersection of two sets of ranked lists (Q x depth each), ignoring -1.</summary>
    public static double MeanOverlap(int[] a, int[] b)
    {
        var depth = EvalSettings.Depth;
        var queries = a.Length / depth;
        if (queries == 0)
        {
            return 0;
        }

        long shared = 0;
        for (var q = 0; q < queries; q++)
        {
            var left = a.AsSpan(q * depth, depth);
            var right = b.AsSpan(q * depth, depth);
            foreach (var id in left)
            {
                if (id >= 0 && right.Contains(id))
                {
                    shared++;
                }
            }
        }
        return shared / (double)queries;
    }

    /// <summary>Share of queries whose first ranked item is the same in both.</summary>
    public static double Top1IdenticalRate(int[] a, int[] b)
    {
        var depth = EvalSettings.Depth;
        var queries = a.Length / depth;
        if (queries == 0)
        {
            return 0;
        }

        var same = 0;
        for (var q = 0; q < queries; q++)
        {
            if (a[q * depth] == b[q * depth])
            {
                same++;
            }
        }

        return same / (double)queries;
    }
}
