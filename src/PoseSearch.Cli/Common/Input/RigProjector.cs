using System.Numerics;
using PoseSearch.Core.Cameras;
using PoseSearch.Core.Geometry;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Cli.Common.Input;

/// <summary>
/// Views of mocap poses through a rig (docs/data-formats.md): each pose is placed at the
/// rig's origin (Core's <see cref="RigPlacement"/>) and projected through every camera with its
/// full intrinsics and distortion (Core's <see cref="PinholeCamera"/>); the 13 model joints are
/// taken from the 17. A joint behind a camera is marked missing.
/// </summary>
internal static class RigProjector
{
    public static ProjectedViews Project(MocapDataset dataset, IReadOnlyList<int> rows, LoadedRig rig) =>
        Project(dataset.Poses3D, rows, rig.Cameras);

    /// <param name="poses3D">N x 51 floats, metres, y up.</param>
    public static ProjectedViews Project(float[] poses3D, IReadOnlyList<int> rows, IReadOnlyList<PinholeCamera> cameras)
    {
        var keypoints = cameras.Select(_ => new float[rows.Count * ModelJoints.CoordinateCount]).ToArray();
        var visibility = cameras.Select(_ => new float[rows.Count * ModelJoints.Count]).ToArray();
        Span<Vector3> world = stackalloc Vector3[Skeleton17.JointCount];
        Span<Vector3> modelJoints = stackalloc Vector3[ModelJoints.Count];
        Span<Vector2> pixels = stackalloc Vector2[ModelJoints.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var pose = Pose3D.AsJoints(poses3D.AsSpan(rows[i] * Skeleton17.ValueCount, Skeleton17.ValueCount));
            RigPlacement.PlaceAtOrigin(pose, world);
            for (var j = 0; j < ModelJoints.Count; j++)
            {
                modelJoints[j] = world[Skeleton17.ModelJointIndices[j]];
            }

            for (var c = 0; c < cameras.Count; c++)
            {
                cameras[c].Project(modelJoints, pixels);
                for (var j = 0; j < ModelJoints.Count; j++)
                {
                    var seen = float.IsFinite(pixels[j].X) && float.IsFinite(pixels[j].Y);
                    keypoints[c][i * ModelJoints.CoordinateCount + 2 * j] = seen ? pixels[j].X : 0f;
                    keypoints[c][i * ModelJoints.CoordinateCount + 2 * j + 1] = seen ? pixels[j].Y : 0f;
                    visibility[c][i * ModelJoints.Count + j] = seen ? 1f : 0f;
                }
            }
        }
        return new ProjectedViews(keypoints, visibility);
    }
}
