using System.Numerics;

namespace PoseSearch.Cli.Tests.Support;

/// <summary>
/// 3D poses of the contract's 17-joint skeleton (metres, y up, facing +z) built from a few
/// limb angles, so tests can make poses that differ by a known amount.
/// </summary>
internal static class SyntheticSkeleton
{
    /// <param name="leftArm">Angle of the left arm from hanging down, in the frontal plane (radians).</param>
    /// <param name="rightArm">The same for the right arm.</param>
    /// <param name="leftKnee">Bend of the left leg forward (radians).</param>
    /// <param name="rightKnee">Bend of the right leg forward (radians).</param>
    /// <param name="lean">Forward lean of the upper body (radians).</param>
    public static float[] Pose(double leftArm = 0, double rightArm = 0, double leftKnee = 0, double rightKnee = 0, double lean = 0)
    {
        var joints = new Vector3[17];
        var pelvis = new Vector3(0, 1.0f, 0);
        joints[0] = pelvis;
        // Facing +z with y up, the person's own left is +x.
        joints[4] = pelvis + new Vector3(0.12f, 0, 0);   // left hip
        joints[1] = pelvis + new Vector3(-0.12f, 0, 0);  // right hip
        joints[5] = joints[4] + Leg(leftKnee, 0.45f);
        joints[6] = joints[5] + new Vector3(0, -0.45f, 0);
        joints[2] = joints[1] + Leg(rightKnee, 0.45f);
        joints[3] = joints[2] + new Vector3(0, -0.45f, 0);

        var up = new Vector3(0, MathF.Cos((float)lean), MathF.Sin((float)lean));
        joints[7] = pelvis + 0.25f * up;   // spine
        joints[8] = pelvis + 0.5f * up;    // thorax
        joints[9] = pelvis + 0.62f * up + new Vector3(0, 0, 0.08f);   // nose
        joints[10] = pelvis + 0.75f * up;  // head top
        joints[11] = joints[8] + new Vector3(0.18f, 0, 0);   // left shoulder
        joints[14] = joints[8] + new Vector3(-0.18f, 0, 0);  // right shoulder
        joints[12] = joints[11] + Arm(leftArm, +1, 0.28f);
        joints[13] = joints[12] + Arm(leftArm, +1, 0.25f);
        joints[15] = joints[14] + Arm(rightArm, -1, 0.28f);
        joints[16] = joints[15] + Arm(rightArm, -1, 0.25f);

        var flat = new float[51];
        for (var j = 0; j < 17; j++)
        {
            flat[3 * j] = joints[j].X;
            flat[3 * j + 1] = joints[j].Y;
            flat[3 * j + 2] = joints[j].Z;
        }
        return flat;
    }

    /// <summary>A random pose: every angle drawn uniformly from a wide range.</summary>
    public static float[] Random(Random random) => Pose(
        leftArm: random.NextDouble() * 2.8,
        rightArm: random.NextDouble() * 2.8,
        leftKnee: random.NextDouble() * 1.5,
        rightKnee: random.NextDouble() * 1.5,
        lean: random.NextDouble() * 0.8 - 0.2);

    /// <summary>The pose rotated about the vertical axis, scaled and moved: the same pose for NP-MPJPE.</summary>
    public static float[] Moved(float[] pose, double yaw, float scale, Vector3 offset)
    {
        var rotation = Quaternion.CreateFromAxisAngle(Vector3.UnitY, (float)yaw);
        var result = new float[pose.Length];
        for (var j = 0; j < pose.Length / 3; j++)
        {
            var p = Vector3.Transform(new Vector3(pose[3 * j], pose[3 * j + 1], pose[3 * j + 2]), rotation) * scale + offset;
            result[3 * j] = p.X;
            result[3 * j + 1] = p.Y;
            result[3 * j + 2] = p.Z;
        }
        return result;
    }

    /// <summary>Independent Gaussian noise of the given standard deviation on every coordinate.</summary>
    public static float[] Jittered(float[] pose, double sigma, Random random)
    {
        var result = (float[])pose.Clone();
        for (var i = 0; i < result.Length; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            result[i] += (float)(sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return result;
    }

    private static Vector3 Leg(double bend, float length) =>
        new(0, -length * MathF.Cos((float)bend), length * MathF.Sin((float)bend));

    private static Vector3 Arm(double angle, int side, float length) =>
        new(side * length * MathF.Sin((float)angle), -length * MathF.Cos((float)angle), 0);
}
