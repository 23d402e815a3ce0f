using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Scoring;

namespace PoseSearch.Core.Sequences;

/// <summary>
/// Aligns two embedded pose sequences by <see cref="DynamicTimeWarping"/> under one frame distance:
/// A is the query (every frame matched), B the reference (with subsequence, A is located in B).
/// Shared by `posesearch align`, POST /v1/align and the sequence search, which differ only in
/// where the embeddings come from. Time and memory O(|A| x |B|).
/// </summary>
public static class PoseSequenceAligner
{
    /// <param name="model">The match probability of the model that embedded both sequences (with <see cref="FrameDistanceKind.Temporal"/>:
    /// the temporal model, and the sequences carry the embeddings of each frame's centred window).</param>
    /// <exception cref="ArgumentException">Raw 2D asked of a sequence without keypoints, or the dimensions differ.</exception>
    public static PoseSequenceAlignment Align(AlignableSequence a, AlignableSequence b, MatchProbabilityModel model, FrameDistanceKind distance, bool subsequence)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(model);
        if (a.Dimension != model.Dimension || b.Dimension != model.Dimension)
        {
            throw new ArgumentException($"both sequences must be embedded in the model's {model.Dimension} dimensions");
        }

        var cost = distance switch
        {
            FrameDistanceKind.MatchProbability or FrameDistanceKind.Temporal => MatchCostMatrix.Build(model, a.Means, a.Stddevs, b.Means, b.Stddevs),
            FrameDistanceKind.MeanL2 => PairwiseL2.Compute(a.Means, b.Means, a.Dimension),
            FrameDistanceKind.Raw2D => PairwiseL2.Compute(
                a.NormalizedKeypoints ?? throw new ArgumentException("raw-2d needs the keypoints of sequence A", nameof(a)),
                b.NormalizedKeypoints ?? throw new ArgumentException("raw-2d needs the keypoints of sequence B", nameof(b)),
                ModelJoints.CoordinateCount),
            _ => throw new ArgumentOutOfRangeException(nameof(distance), distance, null),
        };

        var alignment = DynamicTimeWarping.Align(cost, a.Count, b.Count, subsequence);
        var m = b.Count;
        var d = a.Dimension;
        // The probability along the path is always the model's, whatever distance drove the alignment
        // (with another distance only the path's cells are scored: a cell costs K x K sample pairs).
        var path = alignment.Path.Select(p => new AlignedFramePair(
            a.Frames[p.Query],
            b.Frames[p.Reference],
            distance is FrameDistanceKind.MatchProbability or FrameDistanceKind.Temporal
                ? Math.Exp(-cost[p.Query * m + p.Reference])
                : Math.Max(MatchCostMatrix.ProbabilityFloor, model.Probability(
                    a.Means.AsSpan(p.Query * d, d), a.Stddevs.AsSpan(p.Query * d, d), b.Means.AsSpan(p.Reference * d, d), b.Stddevs.AsSpan(p.Reference * d, d))),
            cost[p.Query * m + p.Reference])).ToArray();
        return new PoseSequenceAlignment
        {
            Distance = distance,
            Subsequence = subsequence,
            Path = path,
            Indices = alignment,
            CostMatrix = cost,
        };
    }
}
