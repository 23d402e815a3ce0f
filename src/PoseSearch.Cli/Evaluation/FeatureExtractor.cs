using PoseSearch.Cli.Common;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Normalization;
using PoseSearch.Embedding;

namespace PoseSearch.Cli.Evaluation;

/// <summary>
/// Turns pixel keypoints into <see cref="ViewFeatures"/>: the contract's 2D normalization (Core)
/// and, with a model, the embedding, run in large batches. Rows the normalization rejects are
/// not given to the model; they get zero embeddings and are flagged invalid. So are rows the
/// model cannot embed (a non-finite mean or a negative stddev, which <see cref="PoseEmbedder"/>
/// refuses): they are found by re-running the failing chunk row by row, and counted.
/// </summary>
internal sealed class FeatureExtractor
{
    private const int FallbackChunk = 256;

    private readonly PoseEmbedder? _embedder;

    /// <param name="embedder">Null to extract normalized keypoints only (model-free evaluation).</param>
    public FeatureExtractor(PoseEmbedder? embedder) => _embedder = embedder;

    public ViewFeatures Extract(ReadOnlySpan<float> keypoints, ReadOnlySpan<float> visibility)
    {
        var rows = visibility.Length / ModelJoints.Count;
        var normalizedRows = new float[rows * ModelJoints.CoordinateCount];
        var valid = new bool[rows];
        PoseNormalizer2D.NormalizeBatch(keypoints, visibility, normalizedRows, valid);
        var normalized = PaddedMatrix.FromRows(normalizedRows, ModelJoints.CoordinateCount);
        if (_embedder is null)
        {
            return new ViewFeatures(normalized, valid, null);
        }

        var d = _embedder.Dimension;
        var means = new float[rows * d];
        var stddevs = new float[rows * d];
        var candidates = Enumerable.Range(0, rows).Where(r => valid[r]).ToArray();
        var refused = 0;
        if (!TryEmbed(keypoints, visibility, candidates, means, stddevs))
        {
            foreach (var chunk in candidates.Chunk(FallbackChunk))
            {
                if (TryEmbed(keypoints, visibility, chunk, means, stddevs))
                {
                    continue;
                }

                foreach (var row in chunk)
                {
                    if (TryEmbed(keypoints, visibility, [row], means, stddevs))
                    {
                        continue;
                    }

                    valid[row] = false;
                    refused++;
                }
            }
        }
        return new ViewFeatures(normalized, valid, new ViewEmbedding(means, stddevs, d)) { RefusedByModel = refused };
    }

    /// <returns>False when the model refuses one of the rows (then nothing is written).</returns>
    private bool TryEmbed(ReadOnlySpan<float> keypoints, ReadOnlySpan<float> visibility, int[] rows, float[] means, float[] stddevs)
    {
        if (rows.Length == 0)
        {
            return true;
        }

        EmbeddingBatch embedded;
        try
        {
            embedded = _embedder!.Embed(RowMajor.Gather(keypoints, rows, ModelJoints.CoordinateCount), RowMajor.Gather(visibility, rows, ModelJoints.Count));
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        var d = embedded.Dimension;
        for (var i = 0; i < rows.Length; i++)
        {
            embedded.Mean(i).CopyTo(means.AsSpan(rows[i] * d, d));
            embedded.Stddev(i).CopyTo(stddevs.AsSpan(rows[i] * d, d));
        }
        return true;
    }
}
