namespace PoseSearch.Cli.Operations.Recall;

/// <summary>
/// Recall@k of an approximate ranking against the exact one: the share of the exact top k that
/// the approximate top k found. A hit that is not in the exact top k but scores at least the
/// exact k-th probability (within <see cref="TieTolerance"/>) counts as found: it ties with an
/// exact member and the exact list could as well have held it.
/// </summary>
internal static class RecallAtK
{
    public const float TieTolerance = 1e-6f;

    public static double Compute(RankedHits approximate, RankedHits exact, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var relevant = Math.Min(k, exact.Count);
        if (relevant == 0)
        {
            return 1.0;
        }

        var exactIds = new HashSet<string>(exact.Ids.Take(relevant), StringComparer.Ordinal);
        var kth = exact.Probabilities[relevant - 1];
        var found = 0;
        for (var r = 0; r < Math.Min(k, approximate.Count); r++)
        {
            if (exactIds.Contains(approximate.Ids[r]) || approximate.Probabilities[r] >= kth - TieTolerance)
            {
                found++;
            }
        }
        return Math.Min(found, relevant) / (double)relevant;
    }
}
