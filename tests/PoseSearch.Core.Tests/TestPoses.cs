using System.Numerics;

namespace PoseSearch.Core.Tests;

/// <summary>Hand-built 3D poses for the tests.</summary>
internal static class TestPoses
{
    /// <summary>
    /// A person standing upright, y up, facing +z, metres, pelvis 1 m above the floor, feet at
    /// y = 0.1. Facing +z with y up, the person's left is +x. The arms differ so the pose has no
    /// mirror symmetry. Same numbers as Fixtures/generate_fixtures.py.
    /// </summary>
    public static Vector3[] Standing() => new Vector3[]
    {
        new(0f, 1f, 0f),                                                      // pelvis
        new(-0.1f, 1f, 0f), new(-0.1f, 0.55f, 0.02f), new(-0.1f, 0.1f, 0f),  // right hip, knee, ankle
        new(0.1f, 1f, 0f), new(0.1f, 0.55f, 0.02f), new(0.1f, 0.1f, 0f),     // left hip, knee, ankle
        new(0f, 1.25f, 0f), new(0f, 1.5f, 0f), new(0f, 1.65f, 0.08f), new(0f, 1.8f, 0f), // spine, thorax, nose, head top
        new(0.18f, 1.45f, 0f), new(0.2f, 1.2f, 0.05f), new(0.22f, 0.95f, 0.12f),        // left shoulder, elbow, wrist
        new(-0.18f, 1.45f, 0f), new(-0.2f, 1.2f, 0f), new(-0.25f, 1f, -0.05f),          // right shoulder, elbow, wrist
    };

    public static Quaternion RandomRotation(Random random)
    {
        // Uniform unit quaternion (Shoemake).
        double u1 = random.NextDouble(), u2 = random.NextDouble() * 2 * Math.PI, u3 = random.NextDouble() * 2 * Math.PI;
        double a = Math.Sqrt(1 - u1), b = Math.Sqrt(u1);
        return Quaternion.Normalize(new Quaternion((float)(a * Math.Sin(u2)), (float)(a * Math.Cos(u2)), (float)(b * Math.Sin(u3)), (float)(b * Math.Cos(u3))));
    }

    public static Vector3[] Transform(Vector3[] pose, Quaternion rotation, float scale, Vector3 shift) =>
        pose.Select(p => Vector3.Transform(p, rotation) * scale + shift).ToArray();

    public static Vector3[] Jitter(Vector3[] pose, Random random, float amount) =>
        pose.Select(p => p + new Vector3((float)(random.NextDouble() - 0.5), (float)(random.NextDouble() - 0.5), (float)(random.NextDouble() - 0.5)) * (2 * amount)).ToArray();
}
