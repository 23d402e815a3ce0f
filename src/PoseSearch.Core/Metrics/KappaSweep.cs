namespace PoseSearch.Core.Metrics;

/// <summary>
/// Hit@k as a function of the match threshold kappa: a ranked candidate is correct when the
/// NP-MPJPE between its 3D pose and the query's is &lt; kappa. Computing the NP-MPJPE of the top R
/// candidates once gives the whole curve.
/// </summary>
public static class KappaSweep
{
    /// <param name="npMpjpeByRank">Q x R, row-major: NP-MPJPE of query q's 3D pose vs its r-th ranked candidate's.</param>
    /// <param name="rankedLength">R; every k must be &lt;= R.</param>
    /// <param name="kappas">Thresholds; a candidate matches when its NP-MPJPE is strictly below kappa.</param>
    /// <returns>One <see cref="HitAtKResult"/> per kappa, in the order given.</returns>
    public static IReadOnlyList<KappaHitRates> Compute(ReadOnlySpan<float> npMpjpeByRank, int rankedLength, IReadOnlyList<float> kappas, IReadOnlyList<int> ks)
    {
        ArgumentNullException.ThrowIfNull(kappas);
        var maxK = HitAtK.ValidateKs(ks);
        if (kappas.Count == 0)
        {
            throw new ArgumentException("at least one kappa is required", nameof(kappas));
        }

        if (rankedLength <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rankedLength), rankedLength, "ranked lists must not be empty");
        }

        if (maxK > rankedLength)
        {
            throw new ArgumentException($"Hit@{maxK} needs ranked lists of at least {maxK} items, got {rankedLength}", nameof(ks));
        }

        if (npMpjpeByRank.Length % rankedLength != 0)
        {
            throw new ArgumentException($"NP-MPJPE matrix holds {npMpjpeByRank.Length} values, not a multiple of the ranked length {rankedLength}", nameof(npMpjpeByRank));
        }

        var queries = npMpjpeByRank.Length / rankedLength;
        var firstHit = new int[kappas.Count * queries];
        for (var q = 0; q < queries; q++)
        {
            var row = npMpjpeByRank.Slice(q * rankedLength, maxK);
            for (var i = 0; i < kappas.Count; i++)
            {
                var rank = -1;
                for (var r = 0; r < row.Length; r++)
                {
                    if (!(row[r] < kappas[i]))
                    {
                        continue;   // NaN never matches
                    }

                    rank = r;
                    break;
                }
                firstHit[i * queries + q] = rank;
            }
        }

        var results = new KappaHitRates[kappas.Count];
        for (var i = 0; i < kappas.Count; i++)
        {
            results[i] = new KappaHitRates(kappas[i], HitAtK.FromFirstHitRanks(firstHit.AsSpan(i * queries, queries), ks));
        }

        return results;
    }
}
