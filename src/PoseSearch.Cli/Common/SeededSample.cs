namespace PoseSearch.Cli.Common;

/// <summary>Reproducible random subsets of row numbers.</summary>
internal static class SeededSample
{
    /// <summary>
    /// <paramref name="count"/> distinct rows of [0, <paramref name="population"/>), drawn with
    /// the seed and returned in increasing order; all rows when count is 0 or &gt;= population.
    /// </summary>
    public static int[] Rows(int population, int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(population);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0 || count >= population)
        {
            return Enumerable.Range(0, population).ToArray();
        }
        // Partial Fisher-Yates: the first `count` slots end up a uniform sample.
        var rows = Enumerable.Range(0, population).ToArray();
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, population);
            (rows[i], rows[j]) = (rows[j], rows[i]);
        }
        var sample = rows[..count];
        Array.Sort(sample);
        return sample;
    }
}
