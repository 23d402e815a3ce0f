namespace PoseSearch.Core.Metrics;

/// <summary>
/// Hit@k over ranked retrieval lists (docs/method.md section 7): a query scores a hit at k when at
/// least one of its top k candidates is correct.
/// </summary>
public static class HitAtK
{
    /// <param name="rankedCandidates">For each query, candidate ids best first (may be truncated to the largest k).</param>
    /// <param name="isCorrect">isCorrect(queryIndex, candidateId): is that candidate a correct answer for the query.</param>
    /// <param name="ks">The k values to report, each &gt;= 1.</param>
    public static HitAtKResult Compute(IReadOnlyList<IReadOnlyList<int>> rankedCandidates, Func<int, int, bool> isCorrect, IReadOnlyList<int> ks)
    {
        ArgumentNullException.ThrowIfNull(rankedCandidates);
        ArgumentNullException.ThrowIfNull(isCorrect);
        var maxK = ValidateKs(ks);
        var firstHit = new int[rankedCandidates.Count];
        for (var q = 0; q < rankedCandidates.Count; q++)
        {
            var ranked = rankedCandidates[q] ?? throw new ArgumentException($"ranked list of query {q} is null", nameof(rankedCandidates));
            firstHit[q] = -1;
            var depth = Math.Min(maxK, ranked.Count);
            for (var r = 0; r < depth; r++)
            {
                if (!isCorrect(q, ranked[r]))
                {
                    continue;
                }

                firstHit[q] = r;
                break;
            }
        }
        return FromFirstHitRanks(firstHit, ks);
    }

    /// <param name="correctByRank">Q x R, row-major: correctByRank[q * R + r] tells whether query q's r-th ranked candidate is correct.</param>
    /// <param name="rankedLength">R, the length of every ranked list; every k must be &lt;= R.</param>
    public static HitAtKResult FromCorrectness(ReadOnlySpan<bool> correctByRank, int rankedLength, IReadOnlyList<int> ks)
    {
        var maxK = ValidateKs(ks);
        if (rankedLength <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rankedLength), rankedLength, "ranked lists must not be empty");
        }

        if (maxK > rankedLength)
        {
            throw new ArgumentException($"Hit@{maxK} needs ranked lists of at least {maxK} items, got {rankedLength}", nameof(ks));
        }

        if (correctByRank.Length % rankedLength != 0)
        {
            throw new ArgumentException($"correctness holds {correctByRank.Length} values, not a multiple of the ranked length {rankedLength}", nameof(correctByRank));
        }

        var queries = correctByRank.Length / rankedLength;
        var firstHit = new int[queries];
        for (var q = 0; q < queries; q++)
        {
            firstHit[q] = correctByRank.Slice(q * rankedLength, maxK).IndexOf(true);
        }

        return FromFirstHitRanks(firstHit, ks);
    }

    /// <param name="firstHitRanks">For each query the 0-based rank of its first correct candidate, or -1 when there is none.</param>
    public static HitAtKResult FromFirstHitRanks(ReadOnlySpan<int> firstHitRanks, IReadOnlyList<int> ks)
    {
        ValidateKs(ks);
        if (firstHitRanks.Length == 0)
        {
            throw new ArgumentException("Hit@k needs at least one query", nameof(firstHitRanks));
        }

        var rates = new double[ks.Count];
        for (var i = 0; i < ks.Count; i++)
        {
            var hits = 0;
            foreach (var rank in firstHitRanks)
            {
                if (rank >= 0 && rank < ks[i])
                {
                    hits++;
                }
            }

            rates[i] = hits / (double)firstHitRanks.Length;
        }
        return new HitAtKResult(ks.ToArray(), rates, firstHitRanks.Length);
    }

    internal static int ValidateKs(IReadOnlyList<int> ks)
    {
        ArgumentNullException.ThrowIfNull(ks);
        if (ks.Count == 0)
        {
            throw new ArgumentException("at least one k is required", nameof(ks));
        }

        var max = 0;
        foreach (var k in ks)
        {
            if (k < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(ks), k, "every k must be >= 1");
            }

            max = Math.Max(max, k);
        }
        return max;
    }
}
