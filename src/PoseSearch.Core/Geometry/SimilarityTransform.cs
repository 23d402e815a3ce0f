using System.Numerics;

namespace PoseSearch.Core.Geometry;

/// <summary>x -> Scale * Rotation(x) + Translation, with a proper rotation (det = +1).</summary>
public readonly record struct SimilarityTransform(Quaternion Rotation, float Scale, Vector3 Translation)
{
    public Vector3 Apply(Vector3 point) => Vector3.Transform(point, Rotation) * Scale + Translation;

    public void Apply(ReadOnlySpan<Vector3> points, Span<Vector3> destination)
    {
        if (destination.Length != points.Length)
        {
            throw new ArgumentException($"destination must hold {points.Length} points, got {destination.Length}", nameof(destination));
        }

        for (var i = 0; i < points.Length; i++)
        {
            destination[i] = Apply(points[i]);
        }
    }

    /// <summary>The rotation as a matrix in System.Numerics' row-vector convention (v' = v * M).</summary>
    public Matrix4x4 RotationMatrix => Matrix4x4.CreateFromQuaternion(Rotation);
}
