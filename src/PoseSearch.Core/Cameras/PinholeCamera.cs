using System.Numerics;

namespace PoseSearch.Core.Cameras;

/// <summary>
/// A calibrated camera with the Human3.6M / VideoPose3D distortion model (docs/data-formats.md):
/// X_cam = R^T (X_world - centre) with R the camera-to-world rotation; x = clamp(X/Z, -1, 1),
/// y = clamp(Y/Z, -1, 1) (VideoPose3D's project_to_2d clamps); r2 = x^2 + y^2;
/// radial = 1 + k1 r2 + k2 r2^2 + k3 r2^3; tan = p1 x + p2 y;
/// x' = x (radial + tan) + p1 r2; y' = y (radial + tan) + p2 r2; pixel = (fx x' + cx, fy y' + cy).
/// Camera frame: x right, y down, z forward. Computed in double precision.
/// </summary>
public sealed class PinholeCamera
{
    private readonly double[] _worldToCamera = new double[9];   // R^T, row-major

    /// <param name="orientation">Unit quaternion rotating camera-frame vectors into the world frame.</param>
    /// <param name="centre">Camera centre in world units (millimetres for Human3.6M).</param>
    public PinholeCamera(string id, int width, int height, float fx, float fy, float cx, float cy,
        float k1, float k2, float k3, float p1, float p2, Quaternion orientation, Vector3 centre)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"camera {id}: image size must be positive, got {width} x {height}");
        }

        if (!(fx > 0) || !(fy > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(fx), $"camera {id}: focal lengths must be > 0, got {fx}, {fy}");
        }

        foreach (var value in new[] { cx, cy, k1, k2, k3, p1, p2, centre.X, centre.Y, centre.Z })
        {
            if (!float.IsFinite(value))
            {
                throw new ArgumentException($"camera {id}: non-finite parameter {value}");
            }
        }

        var length = orientation.Length();
        if (!(MathF.Abs(length - 1) < 1e-3f))
        {
            throw new ArgumentException($"camera {id}: orientation must be a unit quaternion, its length is {length}", nameof(orientation));
        }

        Id = id;
        Width = width;
        Height = height;
        Fx = fx; Fy = fy; Cx = cx; Cy = cy;
        K1 = k1; K2 = k2; K3 = k3; P1 = p1; P2 = p2;
        Orientation = Quaternion.Normalize(orientation);
        Centre = centre;

        double w = Orientation.W, x = Orientation.X, y = Orientation.Y, z = Orientation.Z;
        // R (camera -> world) from the quaternion; store its transpose.
        double r00 = 1 - 2 * (y * y + z * z), r01 = 2 * (x * y - w * z), r02 = 2 * (x * z + w * y);
        double r10 = 2 * (x * y + w * z), r11 = 1 - 2 * (x * x + z * z), r12 = 2 * (y * z - w * x);
        double r20 = 2 * (x * z - w * y), r21 = 2 * (y * z + w * x), r22 = 1 - 2 * (x * x + y * y);
        _worldToCamera[0] = r00; _worldToCamera[1] = r10; _worldToCamera[2] = r20;
        _worldToCamera[3] = r01; _worldToCamera[4] = r11; _worldToCamera[5] = r21;
        _worldToCamera[6] = r02; _worldToCamera[7] = r12; _worldToCamera[8] = r22;
    }

    public string Id { get; }
    public int Width { get; }
    public int Height { get; }
    public float Fx { get; }
    public float Fy { get; }
    public float Cx { get; }
    public float Cy { get; }
    public float K1 { get; }
    public float K2 { get; }
    public float K3 { get; }
    public float P1 { get; }
    public float P2 { get; }

    /// <summary>Camera-to-world rotation.</summary>
    public Quaternion Orientation { get; }

    /// <summary>Camera centre in world coordinates.</summary>
    public Vector3 Centre { get; }

    /// <summary>The world point in the camera frame (x right, y down, z forward).</summary>
    public Vector3 WorldToCamera(Vector3 world)
    {
        double dx = world.X - Centre.X, dy = world.Y - Centre.Y, dz = world.Z - Centre.Z;
        var m = _worldToCamera;
        return new Vector3(
            (float)(m[0] * dx + m[1] * dy + m[2] * dz),
            (float)(m[3] * dx + m[4] * dy + m[5] * dz),
            (float)(m[6] * dx + m[7] * dy + m[8] * dz));
    }

    /// <summary>
    /// Projects world points to pixels. A point not in front of the camera (Z &lt;= 0) gets
    /// (NaN, NaN), which <see cref="Keypoints.LayoutConverter"/> treats as a missing joint.
    /// </summary>
    /// <returns>True when every point is in front of the camera.</returns>
    public bool Project(ReadOnlySpan<Vector3> worldPoints, Span<Vector2> pixels)
    {
        if (pixels.Length != worldPoints.Length)
        {
            throw new ArgumentException($"pixels must hold {worldPoints.Length} points, got {pixels.Length}", nameof(pixels));
        }

        var allInFront = true;
        var m = _worldToCamera;
        for (var i = 0; i < worldPoints.Length; i++)
        {
            var p = worldPoints[i];
            double dx = p.X - Centre.X, dy = p.Y - Centre.Y, dz = p.Z - Centre.Z;
            var zc = m[6] * dx + m[7] * dy + m[8] * dz;
            if (!(zc > 0))
            {
                pixels[i] = new Vector2(float.NaN, float.NaN);
                allInFront = false;
                continue;
            }
            pixels[i] = Distort(m[0] * dx + m[1] * dy + m[2] * dz, m[3] * dx + m[4] * dy + m[5] * dz, zc);
        }
        return allInFront;
    }

    /// <summary>Projects a point given in the camera frame; NaN when it is not in front (Z &lt;= 0).</summary>
    public Vector2 ProjectCameraPoint(Vector3 cameraPoint) =>
        cameraPoint.Z > 0 ? Distort(cameraPoint.X, cameraPoint.Y, cameraPoint.Z) : new Vector2(float.NaN, float.NaN);

    public bool IsInsideImage(Vector2 pixel) => pixel.X >= 0 && pixel.X < Width && pixel.Y >= 0 && pixel.Y < Height;

    private Vector2 Distort(double xc, double yc, double zc)
    {
        var x = Math.Clamp(xc / zc, -1.0, 1.0);
        var y = Math.Clamp(yc / zc, -1.0, 1.0);
        var r2 = x * x + y * y;
        var radial = 1 + K1 * r2 + K2 * r2 * r2 + K3 * r2 * r2 * r2;
        var tangential = P1 * x + P2 * y;
        var xd = x * (radial + tangential) + P1 * r2;
        var yd = y * (radial + tangential) + P2 * r2;
        return new Vector2((float)(Fx * xd + Cx), (float)(Fy * yd + Cy));
    }

    public override string ToString() => $"camera {Id} ({Width} x {Height})";
}
