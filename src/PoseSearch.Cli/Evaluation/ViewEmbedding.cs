namespace PoseSearch.Cli.Evaluation;

/// <summary>The model's Gaussian embeddings of N poses (zeros for rows the normalization rejected).</summary>
internal sealed class ViewEmbedding
{
    public ViewEmbedding(float[] means, float[] stddevs, int dimension)
    {
        if (dimension <= 0 || means.Length % dimension != 0 || stddevs.Length != means.Length)
        {
            throw new ArgumentException($"means and stddevs must both hold N x {dimension} values");
        }

        Means = means;
        Stddevs = stddevs;
        Dimension = dimension;
        PaddedMeans = PaddedMatrix.FromRows(means, dimension);
        MeanIndex = new ColumnMajorMatrix(PaddedMeans);
    }

    public int Count => Means.Length / Dimension;

    public int Dimension { get; }

    /// <summary>N x D means, unpadded (the match probability reads these).</summary>
    public float[] Means { get; }

    /// <summary>N x D stddevs, unpadded.</summary>
    public float[] Stddevs { get; }

    /// <summary>The means again, padded for the SIMD L2 kernel.</summary>
    public PaddedMatrix PaddedMeans { get; }

    /// <summary>The means column by column, for scanning as an index.</summary>
    public ColumnMajorMatrix MeanIndex { get; }

    public ReadOnlySpan<float> Mean(int row) => Means.AsSpan(row * Dimension, Dimension);

    public ReadOnlySpan<float> Stddev(int row) => Stddevs.AsSpan(row * Dimension, Dimension);
}
