using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Normalization;
using PoseSearch.Core.Scoring;
using PoseSearch.Core.Sequences;
using PoseSearch.Embedding;

namespace PoseSearch.Cli.Evaluation.Sequences;

/// <summary>A frame distance of the alignment benchmark: the cost matrix between two sequences of 2D poses.</summary>
internal interface IFrameDistance
{
    string Id { get; }
    string Description { get; }

    /// <param name="query">Q x 26 pixels and Q x 13 visibility.</param>
    /// <param name="reference">R x 26 pixels and R x 13 visibility.</param>
    /// <returns>Q x R costs, row-major, finite and &gt;= 0.</returns>
    float[] Costs((float[] Keypoints, float[] Visibility) query, (float[] Keypoints, float[] Visibility) reference);
}

/// <summary>-ln of the learned match probability (the service's frame distance).</summary>
internal sealed class MatchProbabilityDistance(PoseEmbedder embedder) : IFrameDistance
{
    public string Id => "match-prob";
    public string Description => "-ln p, p the match probability of the two frames' embeddings";

    public float[] Costs((float[] Keypoints, float[] Visibility) query, (float[] Keypoints, float[] Visibility) reference)
    {
        var q = embedder.Embed(query.Keypoints, query.Visibility);
        var r = embedder.Embed(reference.Keypoints, reference.Visibility);
        return MatchCostMatrix.Build(embedder.MatchModel, q.Means, q.Stddevs, r.Means, r.Stddevs);
    }
}

/// <summary>Euclidean distance of the embedding means (no uncertainty).</summary>
internal sealed class EmbeddingMeanDistance(PoseEmbedder embedder) : IFrameDistance
{
    public string Id => "mean-l2";
    public string Description => "L2 distance of the embedding means";

    public float[] Costs((float[] Keypoints, float[] Visibility) query, (float[] Keypoints, float[] Visibility) reference)
    {
        var q = embedder.Embed(query.Keypoints, query.Visibility);
        var r = embedder.Embed(reference.Keypoints, reference.Visibility);
        return PairwiseL2.Compute(q.Means, r.Means, embedder.Dimension);
    }
}

/// <summary>The baseline without a model: L2 distance of the normalized 2D keypoints (docs/model-contract.md normalization).</summary>
internal sealed class RawKeypointDistance : IFrameDistance
{
    public string Id => "raw-2d";
    public string Description => "L2 distance of the normalized 2D keypoints (no model)";

    public float[] Costs((float[] Keypoints, float[] Visibility) query, (float[] Keypoints, float[] Visibility) reference) =>
        PairwiseL2.Compute(Normalize(query), Normalize(reference), ModelJoints.CoordinateCount);

    private static float[] Normalize((float[] Keypoints, float[] Visibility) poses)
    {
        var normalized = new float[poses.Keypoints.Length];
        var valid = new bool[poses.Visibility.Length / ModelJoints.Count];
        PoseNormalizer2D.NormalizeBatch(poses.Keypoints, poses.Visibility, normalized, valid);
        return normalized;
    }
}

/// <summary>
/// -ln p of a temporal model: each frame stands for the window of T frames centred on it, the ends
/// padded by repeating the sequence's first and last frame (Core's <see cref="CentredWindows"/>, as
/// POST /v1/align with distance "temporal"), p the match probability of the two windows.
/// </summary>
internal sealed class TemporalWindowDistance(WindowEmbedder embedder) : IFrameDistance
{
    public string Id => FrameDistanceIds.Temporal;
    public string Description => $"-ln p of {embedder.Card.Name}, windows of {embedder.Window.Length} frames centred on each frame";

    public float[] Costs((float[] Keypoints, float[] Visibility) query, (float[] Keypoints, float[] Visibility) reference)
    {
        var q = embedder.Embed(Windows(query.Keypoints, ModelJoints.CoordinateCount), Windows(query.Visibility, ModelJoints.Count));
        var r = embedder.Embed(Windows(reference.Keypoints, ModelJoints.CoordinateCount), Windows(reference.Visibility, ModelJoints.Count));
        return MatchCostMatrix.Build(embedder.MatchModel, q.Means, q.Stddevs, r.Means, r.Stddevs);
    }

    /// <summary>N rows of <paramref name="width"/> values -> N windows of T rows each (row-major N x T x width).</summary>
    private float[] Windows(float[] rows, int width)
    {
        var (length, stride, count) = (embedder.Window.Length, embedder.Window.Stride, rows.Length / width);
        var windows = new float[count * length * width];
        for (var i = 0; i < count; i++)
        {
            for (var t = 0; t < length; t++)
            {
                rows.AsSpan(CentredWindows.SourceFrame(i, t, length, stride, count) * width, width)
                    .CopyTo(windows.AsSpan((i * length + t) * width, width));
            }
        }

        return windows;
    }
}
