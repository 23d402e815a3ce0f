using PoseSearch.Cli.Common;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Cli.Evaluation;

/// <summary>
/// The evaluation's input, whatever file it came from: N 3D poses (17 joints of the contract,
/// any unit), each seen by C cameras as 13 model joints in pixels with visibility flags.
/// Row n of every camera shows 3D pose n.
/// </summary>
internal sealed class MultiViewPoses
{
    public const int Joints3D = 17;

    public MultiViewPoses(IReadOnlyList<string> cameraNames, float[][] keypoints, float[][] visibility, float[] poses3D, IReadOnlyList<string>? poseLabels = null)
    {
        ArgumentNullException.ThrowIfNull(cameraNames);
        if (cameraNames.Count < 2)
        {
            throw new CliInputException($"cross-view retrieval needs at least 2 cameras, got {cameraNames.Count}");
        }

        if (keypoints.Length != cameraNames.Count || visibility.Length != cameraNames.Count)
        {
            throw new ArgumentException("one keypoint and one visibility array per camera expected");
        }

        if (poses3D.Length % (Joints3D * 3) != 0)
        {
            throw new ArgumentException($"poses3D must hold N x {Joints3D} x 3 values, got {poses3D.Length}");
        }

        PoseCount = poses3D.Length / (Joints3D * 3);
        for (var c = 0; c < cameraNames.Count; c++)
        {
            if (keypoints[c].Length != PoseCount * ModelJoints.CoordinateCount)
            {
                throw new ArgumentException($"camera {cameraNames[c]}: {keypoints[c].Length} keypoint values for {PoseCount} poses");
            }

            if (visibility[c].Length != PoseCount * ModelJoints.Count)
            {
                throw new ArgumentException($"camera {cameraNames[c]}: {visibility[c].Length} visibility values for {PoseCount} poses");
            }
        }
        if (poseLabels is not null && poseLabels.Count != PoseCount)
        {
            throw new ArgumentException($"{poseLabels.Count} labels for {PoseCount} poses");
        }

        CameraNames = cameraNames;
        Keypoints = keypoints;
        Visibility = visibility;
        Poses3D = poses3D;
        PoseLabels = poseLabels;
    }

    public IReadOnlyList<string> CameraNames { get; }

    public int CameraCount => CameraNames.Count;

    public int PoseCount { get; }

    /// <summary>Per camera: N x 26 pixel coordinates (x, y interleaved).</summary>
    public float[][] Keypoints { get; }

    /// <summary>Per camera: N x 13 flags (1 seen, 0 missing).</summary>
    public float[][] Visibility { get; }

    /// <summary>N x 17 x 3, contract joint order.</summary>
    public float[] Poses3D { get; }

    /// <summary>Optional human-readable origin of each pose (clip and frame).</summary>
    public IReadOnlyList<string>? PoseLabels { get; }

    public ReadOnlySpan<float> Pose3D(int n) => Poses3D.AsSpan(n * Joints3D * 3, Joints3D * 3);

    /// <summary>The poses at the given rows, in that order.</summary>
    public MultiViewPoses SelectPoses(IReadOnlyList<int> rows)
    {
        var keypoints = new float[CameraCount][];
        var visibility = new float[CameraCount][];
        for (var c = 0; c < CameraCount; c++)
        {
            keypoints[c] = RowMajor.Gather(Keypoints[c], rows, ModelJoints.CoordinateCount);
            visibility[c] = RowMajor.Gather(Visibility[c], rows, ModelJoints.Count);
        }
        var labels = PoseLabels is null ? null : rows.Select(r => PoseLabels[r]).ToArray();
        return new MultiViewPoses(CameraNames, keypoints, visibility, RowMajor.Gather(Poses3D, rows, Joints3D * 3), labels);
    }
}
