using PoseSearch.Core.IO;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Normalization;

namespace PoseSearch.Core.Sequences;

/// <summary>
/// Splits a sequence into the frames an alignment can use and those it skips: a pose needs two
/// visible anchor joints (shoulders, hips) to be normalized, and a detector loses them now and
/// then; one bad frame must not fail a whole sequence.
/// </summary>
public static class UsableFrames
{
    public static (List<SequenceFrame> Usable, List<long> Skipped) Split(IReadOnlyList<SequenceFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var usable = new List<SequenceFrame>(frames.Count);
        var skipped = new List<long>();
        var scratch = new float[ModelJoints.CoordinateCount];
        foreach (var frame in frames)
        {
            if (PoseNormalizer2D.TryNormalize(frame.Pose.Coordinates, frame.Pose.Visibility, scratch))
            {
                usable.Add(frame);
            }
            else
            {
                skipped.Add(frame.Frame);
            }
        }
        return (usable, skipped);
    }
}
