using System.Numerics;

namespace PoseSearch.Core.Geometry;

/// <summary>
/// The 3D normalization of the contract: subtract the pelvis, divide by the torso chain length
/// |pelvis - spine| + |spine - thorax|.
/// </summary>
public static class Pose3DNormalizer
{
    /// <summary>Shorter torsos than this (in the input's units) are rejected as degenerate.</summary>
    public const float MinTorsoLength = 1e-6f;

    public static float TorsoLength(ReadOnlySpan<Vector3> pose, string what = "3D pose")
    {
        Pose3D.Validate(pose, what);
        return Vector3.Distance(pose[Skeleton17.Pelvis], pose[Skeleton17.Spine])
             + Vector3.Distance(pose[Skeleton17.Spine], pose[Skeleton17.Thorax]);
    }

    public static Vector3[] Normalize(ReadOnlySpan<Vector3> pose)
    {
        var result = new Vector3[Skeleton17.JointCount];
        Normalize(pose, result);
        return result;
    }

    /// <exception cref="PoseFormatException">Wrong joint count, non-finite values, or a torso shorter than <see cref="MinTorsoLength"/>.</exception>
    public static void Normalize(ReadOnlySpan<Vector3> pose, Span<Vector3> destination, string what = "3D pose")
    {
        var torso = TorsoLength(pose, what);
        if (!(torso > MinTorsoLength))
        {
            throw new PoseFormatException($"{what} has a degenerate torso (|pelvis-spine| + |spine-thorax| = {torso:G3})");
        }

        if (destination.Length != Skeleton17.JointCount)
        {
            throw new ArgumentException($"destination must hold {Skeleton17.JointCount} joints, got {destination.Length}", nameof(destination));
        }

        var pelvis = pose[Skeleton17.Pelvis];
        var inverse = 1f / torso;
        for (var j = 0; j < Skeleton17.JointCount; j++)
        {
            destination[j] = (pose[j] - pelvis) * inverse;
        }
    }
}
