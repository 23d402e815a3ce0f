using System.Numerics;
using System.Runtime.InteropServices;

namespace PoseSearch.Core.Geometry;

/// <summary>Shape checks and conversions for 3D poses of the 17-joint skeleton.</summary>
public static class Pose3D
{
    /// <exception cref="PoseFormatException">Not 17 joints, or a non-finite coordinate.</exception>
    public static void Validate(ReadOnlySpan<Vector3> pose, string what = "3D pose")
    {
        if (pose.Length != Skeleton17.JointCount)
        {
            throw new PoseFormatException($"{what} expects {Skeleton17.JointCount} joints, got {pose.Length}");
        }

        for (var j = 0; j < pose.Length; j++)
        {
            var p = pose[j];
            if (!float.IsFinite(p.X) || !float.IsFinite(p.Y) || !float.IsFinite(p.Z))
            {
                throw new PoseFormatException($"{what}: joint {j} ({Skeleton17.Names[j]}) has a non-finite coordinate {p}");
            }
        }
    }

    /// <summary>Views 51 floats (x, y, z per joint) as 17 joints, without copying.</summary>
    /// <exception cref="PoseFormatException">Not 51 values.</exception>
    public static ReadOnlySpan<Vector3> AsJoints(ReadOnlySpan<float> values)
    {
        if (values.Length != Skeleton17.ValueCount)
        {
            throw new PoseFormatException($"3D pose expects {Skeleton17.ValueCount} values (17 joints x 3), got {values.Length}");
        }

        return MemoryMarshal.Cast<float, Vector3>(values);
    }

    /// <summary>Views N x 51 floats as N x 17 joints, without copying.</summary>
    public static ReadOnlySpan<Vector3> AsJointsMany(ReadOnlySpan<float> values)
    {
        if (values.Length % Skeleton17.ValueCount != 0)
        {
            throw new PoseFormatException($"3D poses expect a multiple of {Skeleton17.ValueCount} values (17 joints x 3), got {values.Length}");
        }

        return MemoryMarshal.Cast<float, Vector3>(values);
    }

    public static Vector3[] FromFlat(ReadOnlySpan<float> values) => AsJoints(values).ToArray();

    public static float[] ToFlat(ReadOnlySpan<Vector3> pose) => MemoryMarshal.Cast<Vector3, float>(pose).ToArray();

    /// <summary>The 13 model joints of a 17-joint pose (contract index map).</summary>
    public static void SelectModelJoints(ReadOnlySpan<Vector3> pose, Span<Vector3> destination)
    {
        Validate(pose);
        if (destination.Length != Skeleton17.ModelJointIndices.Count)
        {
            throw new ArgumentException($"destination must hold {Skeleton17.ModelJointIndices.Count} joints, got {destination.Length}", nameof(destination));
        }

        for (var j = 0; j < destination.Length; j++)
        {
            destination[j] = pose[Skeleton17.ModelJointIndices[j]];
        }
    }
}
