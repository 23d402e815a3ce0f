using System.Numerics;
using PoseSearch.Core.Geometry;

namespace PoseSearch.Core.Metrics;

/// <summary>
/// Many 3D poses normalized once, for repeated NP-MPJPE between them (evaluation: query vs
/// retrieved poses; near-duplicate removal). Each call costs one cross-covariance, one 4 x 4
/// eigenvalue by Newton's method and 17 distances; nothing is allocated per call.
/// Thread-safe for concurrent reads.
/// </summary>
public sealed class NormalizedPoseSet
{
    private readonly Vector3[] _joints;

    /// <param name="poses">N x 17 joints.</param>
    /// <exception cref="PoseFormatException">A pose without 17 finite joints or with a degenerate torso; the message gives its index.</exception>
    public NormalizedPoseSet(ReadOnlySpan<Vector3> poses)
    {
        if (poses.Length % Skeleton17.JointCount != 0)
        {
            throw new PoseFormatException($"3D poses expect a multiple of {Skeleton17.JointCount} joints, got {poses.Length}");
        }

        Count = poses.Length / Skeleton17.JointCount;
        _joints = new Vector3[poses.Length];
        for (var i = 0; i < Count; i++)
        {
            NpMpjpe.Prepare(poses.Slice(i * Skeleton17.JointCount, Skeleton17.JointCount),
                _joints.AsSpan(i * Skeleton17.JointCount, Skeleton17.JointCount), $"3D pose {i}");
        }
    }

    /// <param name="flatPoses">N x 51 floats, e.g. the poses3d array of a dataset npz.</param>
    public NormalizedPoseSet(ReadOnlySpan<float> flatPoses) : this(Pose3D.AsJointsMany(flatPoses)) { }

    public int Count { get; }

    /// <summary>NP-MPJPE(pose source, pose target): source aligned onto target.</summary>
    public float Distance(int source, int target) => NpMpjpe.AlignedMeanDistance(Pose(source), Pose(target));

    /// <summary>results[j] = NP-MPJPE(pose source, pose targets[j]).</summary>
    public void Distances(int source, ReadOnlySpan<int> targets, Span<float> results)
    {
        if (results.Length != targets.Length)
        {
            throw new ArgumentException($"results must hold {targets.Length} values, got {results.Length}", nameof(results));
        }

        var a = Pose(source);
        for (var j = 0; j < targets.Length; j++)
        {
            results[j] = NpMpjpe.AlignedMeanDistance(a, Pose(targets[j]));
        }
    }

    /// <summary>results[j] = NP-MPJPE(pose source, pose j) for every pose of the set.</summary>
    public void DistancesToAll(int source, Span<float> results)
    {
        if (results.Length != Count)
        {
            throw new ArgumentException($"results must hold {Count} values, got {results.Length}", nameof(results));
        }

        var a = Pose(source);
        for (var j = 0; j < Count; j++)
        {
            results[j] = NpMpjpe.AlignedMeanDistance(a, Pose(j));
        }
    }

    private ReadOnlySpan<Vector3> Pose(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"pose index must be in [0, {Count})");
        }

        return _joints.AsSpan(index * Skeleton17.JointCount, Skeleton17.JointCount);
    }
}
