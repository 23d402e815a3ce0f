using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Normalization;
using PoseSearch.Embedding;

namespace PoseSearch.Cli.Evaluation;

/// <summary>
/// Turns pixel keypoints into <see cref="ViewFeatures"/>: the contract's 2D normalization (Core)
/// and, with a model, the embedding, run in large batches. Rows the normalization rejects are
/// not given to the model; they get zero embeddings and are flagged invalid.
/// </summary>
internal sealed class FeatureExtractor
{
    private readonly PoseEmbedder? _embedder;

    /// <param name="embedder">Null to extract normalized keypoints only (model-free evaluation).</param>
    public FeatureExtractor(PoseEmbedder? embedder) => _embedder = embedder;

    public ViewFeatures Extract(ReadOnlySpan<float> keypoints, ReadOnlySpan<float> visibility)
    {
        var rows = visibility.Length / ModelJoints.Count;
        var normalizedRows = new float[rows * ModelJoints.CoordinateCount];
        var valid = new bool[rows];
        var validCount = PoseNormalizer2D.NormalizeBatch(keypoints, visibility, normalizedRows, valid);
        var normalized = PaddedMatrix.FromRows(normalizedRows, ModelJoints.CoordinateCount);
        if (_embedder is null)
            return new ViewFeatures(normalized, valid, null);

        var d = _embedder.Dimension;
        var means = new float[rows * d];
        var stddevs = new float[rows * d];
        if (validCount > 0)
        {
            var embedded = _embedder.Embed(
                Gather(keypoints, valid, validCount, ModelJoints.CoordinateCount),
                Gather(visibility, valid, validCount, ModelJoints.Count));
            var next = 0;
            for (var row = 0; row < rows; row++)
            {
                if (!valid[row]) continue;
                embedded.Mean(next).CopyTo(means.AsSpan(row * d, d));
                embedded.Stddev(next).CopyTo(stddevs.AsSpan(row * d, d));
                next++;
            }
        }
        return new ViewFeatures(normalized, valid, new ViewEmbedding(means, stddevs, d));
    }

    private static float[] Gather(ReadOnlySpan<float> values, bool[] valid, int validCount, int width)
    {
        var result = new float[validCount * width];
        var next = 0;
        for (var row = 0; row < valid.Length; row++)
        {
            if (!valid[row]) continue;
            values.Slice(row * width, width).CopyTo(result.AsSpan(next++ * width, width));
        }
        return result;
    }
}
