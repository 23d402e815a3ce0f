using System.Numerics;
using PoseSearch.Core.Geometry;

namespace PoseSearch.Core.Metrics;

/// <summary>
/// NP-MPJPE(P, Q) of the contract: normalize both 3D poses (pelvis-centred, divided by the torso
/// chain length), align P to Q with a similarity Procrustes transform (det = +1), then the mean
/// over the 17 joints of the Euclidean distance. Two poses match when it is below kappa.
/// </summary>
public static class NpMpjpe
{
    /// <summary>The contract's match threshold.</summary>
    public const float DefaultKappa = 0.1f;

    /// <exception cref="PoseFormatException">A pose without 17 finite joints or with a degenerate torso.</exception>
    public static float Compute(ReadOnlySpan<Vector3> p, ReadOnlySpan<Vector3> q)
    {
        Span<Vector3> a = stackalloc Vector3[Skeleton17.JointCount];
        Span<Vector3> b = stackalloc Vector3[Skeleton17.JointCount];
        Prepare(p, a, "pose P");
        Prepare(q, b, "pose Q");
        return AlignedMeanDistance(a, b);
    }

    /// <summary>The same on flat poses of 51 floats (x, y, z per joint).</summary>
    public static float Compute(ReadOnlySpan<float> p, ReadOnlySpan<float> q) => Compute(Pose3D.AsJoints(p), Pose3D.AsJoints(q));

    /// <summary>results[i] = NP-MPJPE(p, Q_i) for the poses in <paramref name="manyQ"/> (N x 17 joints). No heap allocation.</summary>
    public static void ComputeMany(ReadOnlySpan<Vector3> p, ReadOnlySpan<Vector3> manyQ, Span<float> results)
    {
        if (manyQ.Length != results.Length * Skeleton17.JointCount)
        {
            throw new PoseFormatException($"expected {results.Length} poses x {Skeleton17.JointCount} joints = {results.Length * Skeleton17.JointCount} joints, got {manyQ.Length}");
        }

        Span<Vector3> a = stackalloc Vector3[Skeleton17.JointCount];
        Span<Vector3> b = stackalloc Vector3[Skeleton17.JointCount];
        Prepare(p, a, "pose P");
        for (var i = 0; i < results.Length; i++)
        {
            Prepare(manyQ.Slice(i * Skeleton17.JointCount, Skeleton17.JointCount), b, $"pose Q[{i}]");
            results[i] = AlignedMeanDistance(a, b);
        }
    }

    /// <summary>Normalizes a pose and moves its centroid to the origin: the form <see cref="AlignedMeanDistance"/> takes.</summary>
    internal static void Prepare(ReadOnlySpan<Vector3> pose, Span<Vector3> destination, string what)
    {
        Pose3DNormalizer.Normalize(pose, destination, what);
        var centroid = Vector3.Zero;
        foreach (var joint in destination)
        {
            centroid += joint;
        }

        centroid /= destination.Length;
        for (var j = 0; j < destination.Length; j++)
        {
            destination[j] -= centroid;
        }
    }

    /// <summary>
    /// Mean joint distance after the optimal similarity alignment of centred source <paramref name="a"/>
    /// onto centred target <paramref name="b"/>: with the centroids at the origin the translation
    /// vanishes, the scale is lambda / |a|^2 and the distances are |s R a_i - b_i|.
    /// </summary>
    internal static float AlignedMeanDistance(ReadOnlySpan<Vector3> a, ReadOnlySpan<Vector3> b)
    {
        var covariance = CrossCovariance.Of(a, b);
        var q = OptimalRotation.Solve(covariance);
        var scale = covariance.SourceSquaredNorm > 0 ? q.Lambda / covariance.SourceSquaredNorm : 0;
        Span<double> r = stackalloc double[9];
        OptimalRotation.ToMatrix(q, r);
        double r0 = r[0] * scale, r1 = r[1] * scale, r2 = r[2] * scale;
        double r3 = r[3] * scale, r4 = r[4] * scale, r5 = r[5] * scale;
        double r6 = r[6] * scale, r7 = r[7] * scale, r8 = r[8] * scale;

        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            double ax = a[i].X, ay = a[i].Y, az = a[i].Z;
            var dx = r0 * ax + r1 * ay + r2 * az - b[i].X;
            var dy = r3 * ax + r4 * ay + r5 * az - b[i].Y;
            var dz = r6 * ax + r7 * ay + r8 * az - b[i].Z;
            sum += Math.Sqrt(dx * dx + dy * dy + dz * dz);
        }
        return (float)(sum / a.Length);
    }
}
