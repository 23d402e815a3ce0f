namespace PoseSearch.Embedding;

/// <summary>The model's output for N poses: means and stddevs, each N x D row-major.</summary>
public sealed class EmbeddingBatch
{
    public EmbeddingBatch(int count, int dimension, float[] means, float[] stddevs)
    {
        if (means.Length != count * dimension || stddevs.Length != count * dimension)
        {
            throw new ArgumentException($"means and stddevs must hold {count} x {dimension} values");
        }

        Count = count;
        Dimension = dimension;
        Means = means;
        Stddevs = stddevs;
    }

    public int Count { get; }

    public int Dimension { get; }

    public float[] Means { get; }

    public float[] Stddevs { get; }

    public ReadOnlySpan<float> Mean(int index) => Means.AsSpan(index * Dimension, Dimension);

    public ReadOnlySpan<float> Stddev(int index) => Stddevs.AsSpan(index * Dimension, Dimension);
}
