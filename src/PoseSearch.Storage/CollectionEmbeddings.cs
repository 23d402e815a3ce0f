namespace PoseSearch.Storage;

/// <summary>
/// Every stored embedding of one collection, in memory (a million poses of D = 16: about
/// 130 MB), as <see cref="CollectionEmbeddingReader"/> reads it: the ground truth an exact
/// ranking holds the two-stage search to.
/// </summary>
public sealed class CollectionEmbeddings
{
    private CollectionEmbeddings(string[] ids, float[] means, float[] stddevs, int dimension)
    {
        Ids = ids;
        Means = means;
        Stddevs = stddevs;
        Dimension = dimension;
    }

    /// <summary>The external ids, in the order of the rows of <see cref="Means"/> and <see cref="Stddevs"/>.</summary>
    public string[] Ids { get; }

    /// <summary>N x D, row-major.</summary>
    public float[] Means { get; }

    /// <summary>N x D, row-major.</summary>
    public float[] Stddevs { get; }

    public int Dimension { get; }

    public int Count => Ids.Length;

    /// <exception cref="ArgumentException">The array lengths do not match N x D.</exception>
    public static CollectionEmbeddings FromArrays(string[] ids, float[] means, float[] stddevs, int dimension)
    {
        if (dimension < 1 || means.Length != ids.Length * dimension || stddevs.Length != ids.Length * dimension)
        {
            throw new ArgumentException($"{ids.Length} poses of dimension {dimension} need {ids.Length * dimension} means and stddevs, got {means.Length} and {stddevs.Length}");
        }

        return new CollectionEmbeddings(ids, means, stddevs, dimension);
    }
}
