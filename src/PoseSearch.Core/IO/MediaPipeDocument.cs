using PoseSearch.Core.Keypoints;

namespace PoseSearch.Core.IO;

/// <summary>
/// MediaPipe Pose landmarks read by <see cref="MediaPipeReader"/>: poses of 33 landmarks with
/// x, y as fractions of the image and visibility as confidence, plus the image size when the
/// document gives it.
/// </summary>
public sealed record MediaPipeDocument(int? ImageWidth, int? ImageHeight, IReadOnlyList<Keypoint[]> Poses)
{
    /// <summary>
    /// Options for <see cref="LayoutConverter"/> with the image size filled in: the caller's
    /// size wins, the document's is the fallback.
    /// </summary>
    public ConversionOptions ResolveOptions(ConversionOptions? options = null)
    {
        options ??= ConversionOptions.Default;
        return options with
        {
            ImageWidth = options.ImageWidth ?? ImageWidth,
            ImageHeight = options.ImageHeight ?? ImageHeight,
        };
    }

    /// <exception cref="PoseFormatException">Neither the document nor <paramref name="options"/> gives the image size.</exception>
    public IReadOnlyList<ModelPose> ToModelPoses(ConversionOptions? options = null)
    {
        var resolved = ResolveOptions(options);
        return Poses.Select(p => LayoutConverter.ToModel13(KeypointLayouts.MediaPipe33, p, resolved)).ToArray();
    }
}
