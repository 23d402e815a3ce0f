using System.Numerics;
using PoseSearch.Core.Geometry;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Core.Cameras;

/// <summary>
/// Projects a 17-joint world pose through a camera into the model's 13 joints: the 26
/// coordinates and 13 visibility values of one ONNX input row.
/// </summary>
public static class ModelPoseProjector
{
    /// <param name="worldPose">17 joints in the camera's world units (millimetres for Human3.6M).</param>
    /// <param name="requireInsideImage">When true, joints projecting outside the image also count as missing.</param>
    /// <returns>The number of visible joints. Joints behind the camera are missing and their coordinates 0.</returns>
    public static int Project(PinholeCamera camera, ReadOnlySpan<Vector3> worldPose, Span<float> coordinates, Span<float> visibility, bool requireInsideImage = false)
    {
        ArgumentNullException.ThrowIfNull(camera);
        Pose3D.Validate(worldPose);
        if (coordinates.Length != ModelJoints.CoordinateCount)
        {
            throw new ArgumentException($"coordinates must hold {ModelJoints.CoordinateCount} values, got {coordinates.Length}", nameof(coordinates));
        }

        if (visibility.Length != ModelJoints.Count)
        {
            throw new ArgumentException($"visibility must hold {ModelJoints.Count} values, got {visibility.Length}", nameof(visibility));
        }

        Span<Vector3> joints = stackalloc Vector3[ModelJoints.Count];
        Span<Vector2> pixels = stackalloc Vector2[ModelJoints.Count];
        Pose3D.SelectModelJoints(worldPose, joints);
        camera.Project(joints, pixels);
        var visible = 0;
        for (var j = 0; j < ModelJoints.Count; j++)
        {
            var seen = float.IsFinite(pixels[j].X) && (!requireInsideImage || camera.IsInsideImage(pixels[j]));
            coordinates[2 * j] = seen ? pixels[j].X : 0f;
            coordinates[2 * j + 1] = seen ? pixels[j].Y : 0f;
            visibility[j] = seen ? 1f : 0f;
            if (seen)
            {
                visible++;
            }
        }
        return visible;
    }

    public static ModelPose Project(PinholeCamera camera, ReadOnlySpan<Vector3> worldPose, bool requireInsideImage = false)
    {
        Span<float> coordinates = stackalloc float[ModelJoints.CoordinateCount];
        Span<float> visibility = stackalloc float[ModelJoints.Count];
        Project(camera, worldPose, coordinates, visibility, requireInsideImage);
        return new ModelPose(coordinates, visibility);
    }
}
