using System.Numerics;

namespace PoseSearch.Core.Keypoints;

/// <summary>
/// A pose in the model's 13 joints, in pixels: 26 interleaved coordinates (x0, y0, x1, y1, ...)
/// and 13 visibility flags (1 = seen, 0 = missing), exactly the ONNX inputs `keypoints` and
/// `visibility` for one row. Coordinates of a missing joint carry no meaning; they are stored
/// as 0 so that nothing non-finite ever reaches the model.
/// </summary>
public sealed class ModelPose
{
    private readonly float[] _coordinates;
    private readonly float[] _visibility;

    /// <param name="coordinates">26 values, x and y interleaved, pixels.</param>
    /// <param name="visibility">13 values, each 0 or 1.</param>
    /// <exception cref="PoseFormatException">Wrong lengths, a visibility other than 0/1, or a visible joint with a non-finite coordinate.</exception>
    public ModelPose(ReadOnlySpan<float> coordinates, ReadOnlySpan<float> visibility)
    {
        if (coordinates.Length != ModelJoints.CoordinateCount)
        {
            throw new PoseFormatException($"model13 pose expects {ModelJoints.CoordinateCount} coordinates (13 joints x 2), got {coordinates.Length}");
        }

        if (visibility.Length != ModelJoints.Count)
        {
            throw new PoseFormatException($"model13 pose expects {ModelJoints.Count} visibility values, got {visibility.Length}");
        }

        _coordinates = new float[ModelJoints.CoordinateCount];
        _visibility = new float[ModelJoints.Count];
        for (var j = 0; j < ModelJoints.Count; j++)
        {
            var v = visibility[j];
            if (v != 0f && v != 1f)
            {
                throw new PoseFormatException($"visibility of {ModelJoints.Names[j]} must be 0 or 1, got {v}");
            }

            if (v == 0f)
            {
                continue;
            }

            float x = coordinates[2 * j], y = coordinates[2 * j + 1];
            if (!float.IsFinite(x) || !float.IsFinite(y))
            {
                throw new PoseFormatException($"visible joint {ModelJoints.Names[j]} has a non-finite coordinate ({x}, {y})");
            }

            _coordinates[2 * j] = x;
            _coordinates[2 * j + 1] = y;
            _visibility[j] = 1f;
        }
    }

    /// <summary>26 values, x and y interleaved; (0, 0) for missing joints.</summary>
    public ReadOnlySpan<float> Coordinates => _coordinates;

    /// <summary>13 values, 1 = seen, 0 = missing.</summary>
    public ReadOnlySpan<float> Visibility => _visibility;

    public bool IsVisible(int joint) => _visibility[joint] != 0f;

    public Vector2 this[int joint] => new(_coordinates[2 * joint], _coordinates[2 * joint + 1]);

    public int VisibleCount
    {
        get
        {
            var count = 0;
            foreach (var v in _visibility)
            {
                if (v != 0f)
                {
                    count++;
                }
            }

            return count;
        }
    }

    public float[] CoordinatesToArray() => (float[])_coordinates.Clone();

    public float[] VisibilityToArray() => (float[])_visibility.Clone();
}
