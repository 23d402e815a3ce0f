using PoseSearch.Cli.Common;
using PoseSearch.Cli.Common.Input;
using PoseSearch.Core.Geometry;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Cli.Evaluation.Input;

/// <summary>
/// Reads a multi-view detections npz (docs/data-formats.md): keypoints [C,N,13,2] pixels,
/// visibility [C,N,13], poses3d [N,J,3] with joint_names [J] (the 17 contract joints are picked
/// by name), and optionally camera_names [C].
/// </summary>
internal static class MultiViewFile
{
    public static (MultiViewPoses Poses, int Rows) Read(string path)
    {
        using var npz = NpzArrays.Open(path);
        var keypointShape = npz.Shape("keypoints");
        if (keypointShape.Length != 4 || keypointShape[2] != ModelJoints.Count || keypointShape[3] != 2)
        {
            throw new CliInputException($"{path}: keypoints must have shape [C, N, {ModelJoints.Count}, 2], got [{string.Join(", ", keypointShape)}]");
        }

        var (cameras, n) = (keypointShape[0], keypointShape[1]);
        var visibilityShape = npz.Shape("visibility");
        if (!visibilityShape.SequenceEqual([cameras, n, ModelJoints.Count]))
        {
            throw new CliInputException($"{path}: visibility must have shape [{cameras}, {n}, {ModelJoints.Count}] to match keypoints, got [{string.Join(", ", visibilityShape)}]");
        }

        var poseShape = npz.Shape("poses3d");
        if (poseShape.Length != 3 || poseShape[0] != n || poseShape[2] != 3)
        {
            throw new CliInputException($"{path}: poses3d must have shape [{n}, J, 3] to match keypoints, got [{string.Join(", ", poseShape)}]");
        }

        var jointNames = npz.Strings("joint_names");
        if (jointNames.Length != poseShape[1])
        {
            throw new CliInputException($"{path}: joint_names has {jointNames.Length} names for {poseShape[1]} joints in poses3d");
        }

        var columns = Skeleton17.Names.Select(name =>
        {
            var index = Array.IndexOf(jointNames, name);
            return index >= 0 ? index : throw new CliInputException($"{path}: joint_names lacks '{name}', a joint of the 17-joint contract skeleton");
        }).ToArray();

        var keypoints = npz.Floats("keypoints");
        var visibility = npz.Floats("visibility");
        var sourcePoses = npz.Floats("poses3d");
        var j = poseShape[1];
        var poses3D = new float[n * Skeleton17.ValueCount];
        for (var row = 0; row < n; row++)
        {
            for (var joint = 0; joint < Skeleton17.JointCount; joint++)
            {
                for (var axis = 0; axis < 3; axis++)
                {
                    var value = sourcePoses[(row * j + columns[joint]) * 3 + axis];
                    if (!float.IsFinite(value))
                    {
                        throw new CliInputException($"{path}: poses3d row {row} joint {Skeleton17.Names[joint]} is not finite");
                    }

                    poses3D[row * Skeleton17.ValueCount + joint * 3 + axis] = value;
                }
            }
        }

        var perCameraKeypoints = new float[cameras][];
        var perCameraVisibility = new float[cameras][];
        for (var c = 0; c < cameras; c++)
        {
            perCameraKeypoints[c] = keypoints.AsSpan(c * n * ModelJoints.CoordinateCount, n * ModelJoints.CoordinateCount).ToArray();
            perCameraVisibility[c] = visibility.AsSpan(c * n * ModelJoints.Count, n * ModelJoints.Count).ToArray();
            for (var i = 0; i < perCameraVisibility[c].Length; i++)
            {
                var v = perCameraVisibility[c][i];
                if (v is not (0f or 1f))
                {
                    throw new CliInputException($"{path}: visibility of camera {c}, row {i / ModelJoints.Count}, joint {ModelJoints.Names[i % ModelJoints.Count]} is {v}; expected 0 or 1");
                }

                var x = perCameraKeypoints[c][2 * i];
                var y = perCameraKeypoints[c][2 * i + 1];
                if (v == 1f && (!float.IsFinite(x) || !float.IsFinite(y)))
                {
                    throw new CliInputException($"{path}: keypoints of camera {c}, row {i / ModelJoints.Count}, joint {ModelJoints.Names[i % ModelJoints.Count]} are not finite but marked visible");
                }

                if (v == 0f)
                {
                    perCameraKeypoints[c][2 * i] = 0f;
                    perCameraKeypoints[c][2 * i + 1] = 0f;
                }
            }
        }

        var cameraNames = npz.Has("camera_names") ? npz.Strings("camera_names") : Enumerable.Range(0, cameras).Select(c => $"camera{c}").ToArray();
        if (cameraNames.Length != cameras)
        {
            throw new CliInputException($"{path}: camera_names has {cameraNames.Length} names for {cameras} cameras");
        }

        if (cameras < 2)
        {
            throw new CliInputException($"{path}: cross-view retrieval needs at least 2 cameras, keypoints has {cameras}");
        }

        return (new MultiViewPoses(cameraNames, perCameraKeypoints, perCameraVisibility, poses3D), n);
    }
}
