using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Normalization;

namespace PoseSearch.Core.Sequences;

/// <summary>
/// The input row of a temporal model: consecutive frames of one person in time order. Every frame
/// must be normalizable on its own (two visible anchor joints), as the temporal contract asks
/// (docs/model-contract.md, "Temporal model"): a window is refused whole, not half-embedded.
/// </summary>
public sealed class PoseWindow
{
    /// <exception cref="PoseFormatException">No frames, or a frame without two visible anchor joints.</exception>
    public PoseWindow(IReadOnlyList<ModelPose> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0)
        {
            throw new PoseFormatException("a window needs at least one frame");
        }

        var scratch = new float[ModelJoints.CoordinateCount];
        for (var t = 0; t < frames.Count; t++)
        {
            if (!PoseNormalizer2D.TryNormalize(frames[t].Coordinates, frames[t].Visibility, scratch))
            {
                throw new PoseFormatException($"frame {t} of the window has fewer than two visible anchor joints (shoulders, hips)");
            }
        }

        Frames = frames;
    }

    public IReadOnlyList<ModelPose> Frames { get; }

    public int Length => Frames.Count;
}
