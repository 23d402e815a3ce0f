namespace PoseSearch.Core.Geometry;

/// <summary>
/// The proper rotation (det = +1) R maximizing sum_i b_i . R a_i for centred point sets, from
/// their cross-covariance, by Horn's quaternion method: R is the unit eigenvector of the
/// largest eigenvalue of Horn's symmetric 4 x 4 matrix N, and that eigenvalue is the maximum.
/// The eigenvalue comes from Newton's method on N's characteristic polynomial, started above
/// the largest root (Theobald's QCP); the eigenvector from the adjugate of N - lambda I. When
/// the largest eigenvalue is (nearly) repeated the adjugate vanishes and Jacobi takes over.
/// </summary>
internal static class OptimalRotation
{
    public readonly record struct Result(double W, double X, double Y, double Z, double Lambda);

    public static Result Solve(in CrossCovariance s)
    {
        Span<double> n = stackalloc double[16];
        n[0] = s.Sxx + s.Syy + s.Szz; n[1] = s.Syz - s.Szy; n[2] = s.Szx - s.Sxz; n[3] = s.Sxy - s.Syx;
        n[5] = s.Sxx - s.Syy - s.Szz; n[6] = s.Sxy + s.Syx; n[7] = s.Szx + s.Sxz;
        n[10] = -s.Sxx + s.Syy - s.Szz; n[11] = s.Syz + s.Szy;
        n[15] = -s.Sxx - s.Syy + s.Szz;
        n[4] = n[1]; n[8] = n[2]; n[12] = n[3]; n[9] = n[6]; n[13] = n[7]; n[14] = n[11];

        // lambda_max = max_R sum b . R a <= sum |a||b| <= (|A|^2 + |B|^2) / 2.
        var upper = 0.5 * (s.SourceSquaredNorm + s.TargetSquaredNorm);
        if (!(upper > 0))
        {
            return new Result(1, 0, 0, 0, 0);
        }

        // det(N - lambda I) = lambda^4 + c2 lambda^2 + c1 lambda + c0 (N is traceless).
        var c2 = -2 * (s.Sxx * s.Sxx + s.Sxy * s.Sxy + s.Sxz * s.Sxz + s.Syx * s.Syx + s.Syy * s.Syy
                     + s.Syz * s.Syz + s.Szx * s.Szx + s.Szy * s.Szy + s.Szz * s.Szz);
        var c1 = -8 * (s.Sxx * (s.Syy * s.Szz - s.Syz * s.Szy) - s.Sxy * (s.Syx * s.Szz - s.Syz * s.Szx)
                     + s.Sxz * (s.Syx * s.Szy - s.Syy * s.Szx));
        var c0 = Determinant4(n);

        var lambda = upper;
        for (var iteration = 0; iteration < 100; iteration++)
        {
            var lambda2 = lambda * lambda;
            var f = (lambda2 + c2) * lambda2 + c1 * lambda + c0;
            var slope = 2 * lambda * (2 * lambda2 + c2) + c1;
            if (!(slope > 0))
            {
                break;
            }

            var step = f / slope;
            lambda -= step;
            // From above the largest root Newton descends monotonically; a non-positive step is rounding noise.
            if (step <= 1e-15 * Math.Abs(lambda))
            {
                break;
            }
        }

        // The adjugate of the singular M = N - lambda I is c v v^T: its diagonal c v_i^2 shows
        // which row is largest, and that row is proportional to v.
        Span<double> m = stackalloc double[16];
        n.CopyTo(m);
        m[0] -= lambda; m[5] -= lambda; m[10] -= lambda; m[15] -= lambda;
        var bestRow = 0;
        var bestDiagonal = Math.Abs(Cofactor(m, 0, 0));
        for (var row = 1; row < 4; row++)
        {
            var diagonal = Math.Abs(Cofactor(m, row, row));
            if (diagonal <= bestDiagonal)
            {
                continue;
            }

            bestDiagonal = diagonal;
            bestRow = row;
        }
        double w = Cofactor(m, bestRow, 0), x = Cofactor(m, bestRow, 1), y = Cofactor(m, bestRow, 2), z = Cofactor(m, bestRow, 3);
        var bestNorm = w * w + x * x + y * y + z * z;

        // The adjugate scales like lambda^3 times the relative eigenvalue gaps; below 1e-6 of that the
        // direction is unreliable.
        var scale = upper * upper * upper;
        if (!(Math.Sqrt(bestNorm) > 1e-6 * scale))
        {
            var eigen = SymmetricEigen4.Largest(n);
            (w, x, y, z) = (eigen.V0, eigen.V1, eigen.V2, eigen.V3);
            lambda = eigen.Value;
        }

        var length = Math.Sqrt(w * w + x * x + y * y + z * z);
        if (w < 0)
        {
            length = -length;   // canonical sign: w >= 0
        }

        return new Result(w / length, x / length, y / length, z / length, lambda);
    }

    /// <summary>Rotation matrix (row-major, 9 values) of a unit quaternion.</summary>
    public static void ToMatrix(in Result q, Span<double> r)
    {
        double w = q.W, x = q.X, y = q.Y, z = q.Z;
        r[0] = 1 - 2 * (y * y + z * z); r[1] = 2 * (x * y - w * z); r[2] = 2 * (x * z + w * y);
        r[3] = 2 * (x * y + w * z); r[4] = 1 - 2 * (x * x + z * z); r[5] = 2 * (y * z - w * x);
        r[6] = 2 * (x * z - w * y); r[7] = 2 * (y * z + w * x); r[8] = 1 - 2 * (x * x + y * y);
    }

    private static double Determinant4(ReadOnlySpan<double> a)
    {
        // Laplace expansion over complementary 2 x 2 minors of the first two and last two rows.
        var s0 = a[0] * a[5] - a[4] * a[1];
        var s1 = a[0] * a[6] - a[4] * a[2];
        var s2 = a[0] * a[7] - a[4] * a[3];
        var s3 = a[1] * a[6] - a[5] * a[2];
        var s4 = a[1] * a[7] - a[5] * a[3];
        var s5 = a[2] * a[7] - a[6] * a[3];
        var c5 = a[10] * a[15] - a[14] * a[11];
        var c4 = a[9] * a[15] - a[13] * a[11];
        var c3 = a[9] * a[14] - a[13] * a[10];
        var c2 = a[8] * a[15] - a[12] * a[11];
        var c1 = a[8] * a[14] - a[12] * a[10];
        var c0 = a[8] * a[13] - a[12] * a[9];
        return s0 * c5 - s1 * c4 + s2 * c3 + s3 * c2 - s4 * c1 + s5 * c0;
    }

    // (-1)^(row + col) times the determinant of m without that row and column.
    private static double Cofactor(ReadOnlySpan<double> m, int row, int col)
    {
        int r0 = row == 0 ? 1 : 0, r1 = row <= 1 ? 2 : 1, r2 = row <= 2 ? 3 : 2;
        int k0 = col == 0 ? 1 : 0, k1 = col <= 1 ? 2 : 1, k2 = col <= 2 ? 3 : 2;
        var minor =
              m[r0 * 4 + k0] * (m[r1 * 4 + k1] * m[r2 * 4 + k2] - m[r1 * 4 + k2] * m[r2 * 4 + k1])
            - m[r0 * 4 + k1] * (m[r1 * 4 + k0] * m[r2 * 4 + k2] - m[r1 * 4 + k2] * m[r2 * 4 + k0])
            + m[r0 * 4 + k2] * (m[r1 * 4 + k0] * m[r2 * 4 + k1] - m[r1 * 4 + k1] * m[r2 * 4 + k0]);
        return ((row + col) & 1) == 0 ? minor : -minor;
    }
}
