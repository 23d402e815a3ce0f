namespace PoseSearch.Cli.Evaluation;

/// <summary>
/// A cheap, sound test that NP-MPJPE(source aligned to target) is NOT below a threshold t,
/// so that near-duplicate removal needs a Procrustes fit only for the few pairs that pass it.
/// <para>
/// Why it is sound. Let E_j be the residual of joint j after the least-squares similarity fit
/// (scale s*, rotation R, translation mapping centroid to centroid); NP-MPJPE = mean E_j.
/// (1) Any distance that a rotation and translation keep: for the distance a_j of source joint
/// j to its centroid and b_j of target joint j to its centroid, |s* a_j - b_j| &lt;= E_j
/// (reverse triangle inequality); for the distance d of two source joints j, k and e of the
/// same target joints, |s* d - e| &lt;= E_j + E_k. Summed over all joints, or over a matching
/// (pairs sharing no joint), each side is at most Sum E_j.
/// (2) If mean E_j &lt; t then Sum E_j &lt; J t, so the least-squares residual Sum E_j^2 &lt; (J t)^2;
/// the residual equals |Tc|^2 - (s* |Sc|)^2 (Tc, Sc: centred target and source), hence
/// s* &gt; s_lo = sqrt(|Tc|^2 - (J t)^2) / |Sc|; and s* &lt;= s_hi = |Tc| / |Sc| (Cauchy-Schwarz).
/// (3) f(s) = Sum |s a_j - b_j| changes by at most Sum a_j per unit of s, so over [s_lo, s_hi]
/// f(s) &gt;= f(s_hi) - (s_hi - s_lo) Sum a_j. If that is &gt;= J t for any of the distance sets,
/// NP-MPJPE &gt;= t.
/// </para>
/// </summary>
internal static class NpMpjpeLowerBound
{
    public const int Joints = MultiViewPoses.Joints3D;

    /// <summary>
    /// Matchings of the 17 contract joints (0 pelvis, 1-3 right leg, 4-6 left leg, 7 spine,
    /// 8 thorax, 9 nose, 10 head top, 11-13 left arm, 14-16 right arm) that pair the limbs
    /// across the body, so that a moved arm or leg changes many of their distances.
    /// </summary>
    private static readonly (int, int)[][] Matchings =
    [
        [(13, 16), (3, 6), (12, 2), (15, 5), (10, 0), (11, 4), (14, 1), (9, 8)],
        [(13, 0), (16, 10), (3, 12), (6, 15), (2, 11), (5, 14), (9, 7), (1, 4)],
        [(13, 6), (16, 3), (12, 15), (2, 5), (10, 7), (11, 1), (14, 4), (9, 0)],
        [(13, 10), (16, 0), (6, 12), (3, 15), (2, 14), (5, 11), (8, 1), (9, 4)],
    ];

    /// <summary>Values per pose in <see cref="Features"/>.</summary>
    public static int FeatureLength { get; } = 2 + Joints + Matchings.Sum(m => m.Length);

    /// <summary>
    /// Rotation- and translation-invariant features of one pose (17 x 3): the centred norm,
    /// the sum of the radial distances, the 17 radial distances, then each matching's pair
    /// distances.
    /// </summary>
    public static void Features(ReadOnlySpan<float> pose, Span<float> features)
    {
        if (pose.Length != Joints * 3)
        {
            throw new ArgumentException($"a pose has {Joints * 3} values, got {pose.Length}", nameof(pose));
        }

        if (features.Length != FeatureLength)
        {
            throw new ArgumentException($"features need {FeatureLength} values", nameof(features));
        }

        double cx = 0, cy = 0, cz = 0;
        for (var j = 0; j < Joints; j++)
        {
            cx += pose[3 * j];
            cy += pose[3 * j + 1];
            cz += pose[3 * j + 2];
        }
        cx /= Joints;
        cy /= Joints;
        cz /= Joints;
        double squaredNorm = 0, radialSum = 0;
        for (var j = 0; j < Joints; j++)
        {
            double dx = pose[3 * j] - cx, dy = pose[3 * j + 1] - cy, dz = pose[3 * j + 2] - cz;
            var squared = dx * dx + dy * dy + dz * dz;
            squaredNorm += squared;
            var radial = Math.Sqrt(squared);
            radialSum += radial;
            features[2 + j] = (float)radial;
        }
        features[0] = (float)Math.Sqrt(squaredNorm);
        features[1] = (float)radialSum;
        var next = 2 + Joints;
        foreach (var matching in Matchings)
        {
            foreach (var (j, k) in matching)
            {
                double dx = pose[3 * j] - pose[3 * k], dy = pose[3 * j + 1] - pose[3 * k + 1], dz = pose[3 * j + 2] - pose[3 * k + 2];
                features[next++] = (float)Math.Sqrt(dx * dx + dy * dy + dz * dz);
            }
        }
    }

    /// <summary>
    /// True when NP-MPJPE(source aligned to target) is certainly &gt;= <paramref name="threshold"/>;
    /// false means "maybe below": compute it.
    /// </summary>
    public static bool CertainlyAtLeast(ReadOnlySpan<float> source, ReadOnlySpan<float> target, float threshold)
    {
        double sourceNorm = source[0], targetNorm = target[0];
        if (sourceNorm <= 0)
        {
            return false;
        }

        var budget = Joints * (double)threshold;   // J t
        var sHigh = targetNorm / sourceNorm;
        var sLow = Math.Sqrt(Math.Max(0, targetNorm * targetNorm - budget * budget)) / sourceNorm;
        var slack = sHigh - sLow;
        // A margin for float rounding of the features: never prune a pair near the threshold.
        var needed = budget * (1 + 1e-4) + 1e-5;

        // Radial distances to the centroid.
        double sum = 0;
        for (var j = 0; j < Joints; j++)
        {
            sum += Math.Abs(sHigh * source[2 + j] - target[2 + j]);
        }

        if (sum - slack * source[1] >= needed)
        {
            return true;
        }

        // Pair distances of each matching.
        var next = 2 + Joints;
        foreach (var matching in Matchings)
        {
            double pairSum = 0, sourceSum = 0;
            for (var p = 0; p < matching.Length; p++, next++)
            {
                pairSum += Math.Abs(sHigh * source[next] - target[next]);
                sourceSum += source[next];
            }
            if (pairSum - slack * sourceSum >= needed)
            {
                return true;
            }
        }
        return false;
    }
}
