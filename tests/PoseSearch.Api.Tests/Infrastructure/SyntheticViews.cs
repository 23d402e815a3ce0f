using System.Numerics;

namespace PoseSearch.Api.Tests.Infrastructure;

/// <summary>
/// Hand-built 3D poses (the contract's 17-joint skeleton, metres, world z up, the person facing
/// -y so that their left is at +x) projected through pinhole cameras placed around them: the
/// same 3D pose seen from several views, and 3D poses whose shape clearly differs.
/// </summary>
public static class SyntheticViews
{
    // The 13 model joints taken from the 17 skeleton joints (docs/model-contract.md).
    private static readonly int[] ModelFromSkeleton = [9, 11, 14, 12, 15, 13, 16, 4, 1, 5, 2, 6, 3];

    private static Vector3[] Standing() =>
    [
        new(0, 0, 0.95f), new(-0.12f, 0, 0.95f), new(-0.12f, 0, 0.52f), new(-0.12f, 0.05f, 0.08f),
        new(0.12f, 0, 0.95f), new(0.12f, 0, 0.52f), new(0.12f, 0.05f, 0.08f),
        new(0, 0, 1.2f), new(0, 0, 1.45f), new(0, -0.1f, 1.62f), new(0, 0, 1.75f),
        new(0.19f, 0, 1.45f), new(0.22f, 0, 1.17f), new(0.24f, 0, 0.92f),
        new(-0.19f, 0, 1.45f), new(-0.22f, 0, 1.17f), new(-0.24f, 0, 0.92f),
    ];

    private static Vector3[] With(params (int Joint, Vector3 Position)[] changes)
    {
        var pose = Standing();
        foreach (var (joint, position) in changes)
        {
            pose[joint] = position;
        }

        return pose;
    }

    /// <summary>Distinct 3D poses by name.</summary>
    public static IReadOnlyDictionary<string, Vector3[]> Poses { get; } = new Dictionary<string, Vector3[]>
    {
        ["standing"] = Standing(),
        ["arms-up"] = With((12, new(0.22f, 0, 1.75f)), (13, new(0.24f, 0, 2.02f)), (15, new(-0.22f, 0, 1.75f)), (16, new(-0.24f, 0, 2.02f))),
        ["t-pose"] = With((12, new(0.47f, 0, 1.45f)), (13, new(0.74f, 0, 1.45f)), (15, new(-0.47f, 0, 1.45f)), (16, new(-0.74f, 0, 1.45f))),
        ["arms-forward"] = With((12, new(0.2f, -0.28f, 1.45f)), (13, new(0.2f, -0.55f, 1.45f)), (15, new(-0.2f, -0.28f, 1.45f)), (16, new(-0.2f, -0.55f, 1.45f))),
        ["left-knee-up"] = With((5, new(0.12f, -0.43f, 0.95f)), (6, new(0.12f, -0.45f, 0.52f))),
        ["right-arm-up"] = With((15, new(-0.22f, 0, 1.75f)), (16, new(-0.24f, 0, 2.02f))),
        ["squat"] =
        [
            new(0, 0.1f, 0.55f), new(-0.13f, 0.1f, 0.55f), new(-0.15f, -0.3f, 0.5f), new(-0.15f, -0.05f, 0.08f),
            new(0.13f, 0.1f, 0.55f), new(0.15f, -0.3f, 0.5f), new(0.15f, -0.05f, 0.08f),
            new(0, 0.05f, 0.8f), new(0, -0.05f, 1.05f), new(0, -0.2f, 1.2f), new(0, -0.1f, 1.32f),
            new(0.19f, -0.05f, 1.05f), new(0.2f, -0.3f, 1.0f), new(0.2f, -0.55f, 1.0f),
            new(-0.19f, -0.05f, 1.05f), new(-0.2f, -0.3f, 1.0f), new(-0.2f, -0.55f, 1.0f),
        ],
    };

    /// <summary>Camera azimuths in degrees (0 = in front of the person, on the -y side).</summary>
    public static IReadOnlyList<int> CameraAzimuths { get; } = [20, 110, 200, 290];

    /// <summary>
    /// The 13 model joints in pixels as seen by a camera 4.5 m away at the given azimuth, 1.4 m
    /// high, looking at the hips (focal length 1000 px, image centre (500, 500)).
    /// </summary>
    public static float[] Project(Vector3[] skeleton, int azimuthDegrees)
    {
        var a = azimuthDegrees * MathF.PI / 180f;
        var centre = new Vector3(4.5f * MathF.Sin(a), -4.5f * MathF.Cos(a), 1.4f);
        var forward = Vector3.Normalize(new Vector3(0, 0, 0.95f) - centre);
        var right = Vector3.Normalize(Vector3.Cross(forward, Vector3.UnitZ));
        var down = Vector3.Cross(forward, right);

        var pixels = new float[26];
        for (var j = 0; j < 13; j++)
        {
            var p = skeleton[ModelFromSkeleton[j]] - centre;
            var z = Vector3.Dot(p, forward);
            pixels[2 * j] = 1000f * Vector3.Dot(p, right) / z + 500f;
            pixels[2 * j + 1] = 1000f * Vector3.Dot(p, down) / z + 500f;
        }

        return pixels;
    }
}
