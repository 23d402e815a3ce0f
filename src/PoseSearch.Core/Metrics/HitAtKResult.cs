namespace PoseSearch.Core.Metrics;

/// <summary>Hit@k for several k: the share of queries with at least one correct item in the top k.</summary>
public sealed class HitAtKResult
{
    public HitAtKResult(IReadOnlyList<int> ks, IReadOnlyList<double> hitRates, int queryCount)
    {
        if (ks.Count != hitRates.Count)
        {
            throw new ArgumentException("one hit rate per k is required");
        }

        Ks = ks;
        HitRates = hitRates;
        QueryCount = queryCount;
    }

    public IReadOnlyList<int> Ks { get; }

    /// <summary>HitRates[i] is Hit@Ks[i], in [0, 1].</summary>
    public IReadOnlyList<double> HitRates { get; }

    public int QueryCount { get; }

    /// <summary>Hit@k for one of the requested k.</summary>
    public double this[int k]
    {
        get
        {
            for (var i = 0; i < Ks.Count; i++)
            {
                if (Ks[i] == k)
                {
                    return HitRates[i];
                }
            }

            throw new KeyNotFoundException($"Hit@{k} was not computed; computed k: {string.Join(", ", Ks)}");
        }
    }

    public override string ToString() =>
        string.Join(", ", Ks.Select((k, i) => $"Hit@{k} = {HitRates[i]:P1}")) + $" ({QueryCount} queries)";
}
