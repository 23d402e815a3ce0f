using System.Globalization;
using PoseSearch.Cli.Common.Input;
using PoseSearch.Core.Keypoints;
using PoseSearch.Storage;

namespace PoseSearch.Cli.Operations.Synthesis;

/// <summary>
/// N synthetic 2D poses: flat model-joint inputs (N x 26 pixels, N x 13 visibility) and, per
/// pose, the dataset row and the "video" (one clip filmed by one random camera) it comes from.
/// Flat arrays rather than objects per pose: a million poses stay at about 40 MB here.
/// </summary>
internal sealed class SyntheticPoseSet
{
    public SyntheticPoseSet(MocapDataset dataset, IReadOnlyList<SyntheticVideo> videos, float[] keypoints, float[] visibility, int[] rows, int[] videoOfPose)
    {
        var n = rows.Length;
        if (keypoints.Length != n * ModelJoints.CoordinateCount || visibility.Length != n * ModelJoints.Count || videoOfPose.Length != n)
        {
            throw new ArgumentException($"a set of {n} poses needs {n} x {ModelJoints.CoordinateCount} keypoints, {n} x {ModelJoints.Count} visibility values and {n} video indices");
        }

        Dataset = dataset;
        Videos = videos;
        Keypoints = keypoints;
        Visibility = visibility;
        Rows = rows;
        VideoOfPose = videoOfPose;
    }

    public MocapDataset Dataset { get; }

    public IReadOnlyList<SyntheticVideo> Videos { get; }

    /// <summary>N x 26 pixel coordinates in model joint order (missing joints 0).</summary>
    public float[] Keypoints { get; }

    /// <summary>N x 13, 1 seen, 0 missing.</summary>
    public float[] Visibility { get; }

    /// <summary>The dataset row (3D pose) behind each 2D pose.</summary>
    public int[] Rows { get; }

    /// <summary>Index into <see cref="Videos"/> of each pose.</summary>
    public int[] VideoOfPose { get; }

    public int Count => Rows.Length;

    public ReadOnlySpan<float> KeypointsOf(int pose) => Keypoints.AsSpan(pose * ModelJoints.CoordinateCount, ModelJoints.CoordinateCount);

    public ReadOnlySpan<float> VisibilityOf(int pose) => Visibility.AsSpan(pose * ModelJoints.Count, ModelJoints.Count);

    /// <summary>"clip:frame:cN": unique within a set, stable for a given dataset, seed and count.</summary>
    public string ExternalId(int pose)
    {
        var video = Videos[VideoOfPose[pose]];
        return string.Create(CultureInfo.InvariantCulture,
            $"{Dataset.ClipNames[Dataset.ClipId[Rows[pose]]]}:{Dataset.FrameIndex[Rows[pose]]}:c{video.CameraRound}");
    }

    /// <summary>Video id, frame, timestamp, person 0, and the camera as free JSON.</summary>
    public PoseMetadata Metadata(int pose)
    {
        var video = Videos[VideoOfPose[pose]];
        var frame = Dataset.FrameIndex[Rows[pose]];
        return new PoseMetadata(
            VideoId: video.VideoId,
            Frame: frame,
            TimestampSeconds: Dataset.Fps > 0 ? frame / (double)Dataset.Fps : null,
            Person: 0,
            ExtraJson: video.CameraJson);
    }
}
