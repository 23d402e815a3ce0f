using PoseSearch.Core.IO;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Normalization;

namespace PoseSearch.Core.Sequences;

/// <summary>
/// The usable frames of one sequence with what the frame distances need: their frame numbers in
/// time order, their embeddings (N x D means and stddevs) and, for the raw-2D baseline, their
/// normalized keypoints (N x 26; absent for stored embeddings, whose keypoints are not kept).
/// </summary>
public sealed class AlignableSequence
{
    public AlignableSequence(IReadOnlyList<long> frames, float[] means, float[] stddevs, int dimension, float[]? normalizedKeypoints = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (frames.Count == 0)
        {
            throw new ArgumentException("a sequence needs at least one frame", nameof(frames));
        }

        if (means.Length != frames.Count * dimension || stddevs.Length != means.Length)
        {
            throw new ArgumentException($"means and stddevs must hold {frames.Count} x {dimension} values");
        }

        if (normalizedKeypoints is not null && normalizedKeypoints.Length != frames.Count * ModelJoints.CoordinateCount)
        {
            throw new ArgumentException($"normalized keypoints must hold {frames.Count} x {ModelJoints.CoordinateCount} values", nameof(normalizedKeypoints));
        }

        Frames = frames;
        Means = means;
        Stddevs = stddevs;
        Dimension = dimension;
        NormalizedKeypoints = normalizedKeypoints;
    }

    /// <summary>Usable frames (see <see cref="UsableFrames"/>) and their embeddings, in the same order.</summary>
    public static AlignableSequence FromFrames(IReadOnlyList<SequenceFrame> usable, float[] means, float[] stddevs, int dimension)
    {
        ArgumentNullException.ThrowIfNull(usable);
        var normalized = new float[usable.Count * ModelJoints.CoordinateCount];
        for (var i = 0; i < usable.Count; i++)
        {
            PoseNormalizer2D.Normalize(usable[i].Pose.Coordinates, usable[i].Pose.Visibility,
                normalized.AsSpan(i * ModelJoints.CoordinateCount, ModelJoints.CoordinateCount));
        }

        return new AlignableSequence(usable.Select(f => f.Frame).ToArray(), means, stddevs, dimension, normalized);
    }

    public IReadOnlyList<long> Frames { get; }

    public int Count => Frames.Count;

    public float[] Means { get; }

    public float[] Stddevs { get; }

    public int Dimension { get; }

    public float[]? NormalizedKeypoints { get; }
}
