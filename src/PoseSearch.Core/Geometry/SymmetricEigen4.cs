namespace PoseSearch.Core.Geometry;

/// <summary>
/// Eigen-decomposition of a symmetric 4 x 4 matrix by cyclic Jacobi rotations (double precision).
/// Slow next to the characteristic-polynomial route of <see cref="OptimalRotation"/>, but it never
/// fails, so that route falls back to it when the top eigenvalue is (nearly) repeated.
/// </summary>
internal static class SymmetricEigen4
{
    /// <summary>The unit eigenvector of the largest eigenvalue of <paramref name="matrix"/> (row-major, 16 values).</summary>
    public static (double Value, double V0, double V1, double V2, double V3) Largest(ReadOnlySpan<double> matrix)
    {
        if (matrix.Length != 16)
        {
            throw new ArgumentException("a 4 x 4 matrix needs 16 values", nameof(matrix));
        }

        Span<double> a = stackalloc double[16];
        Span<double> v = stackalloc double[16];
        matrix.CopyTo(a);
        v.Clear();
        v[0] = v[5] = v[10] = v[15] = 1;

        for (var sweep = 0; sweep < 64; sweep++)
        {
            double offDiagonal = 0, diagonal = 0;
            for (var i = 0; i < 4; i++)
            {
                diagonal += a[i * 4 + i] * a[i * 4 + i];
                for (var j = i + 1; j < 4; j++)
                {
                    offDiagonal += a[i * 4 + j] * a[i * 4 + j];
                }
            }
            if (offDiagonal <= 1e-30 * diagonal || offDiagonal == 0)
            {
                break;
            }

            for (var p = 0; p < 3; p++)
            {
                for (var q = p + 1; q < 4; q++)
            {
                var apq = a[p * 4 + q];
                if (apq == 0)
                    {
                        continue;
                    }
                    // Rotation angle that zeroes a[p, q] (Golub & Van Loan, symmetric Schur).
                    var theta = (a[q * 4 + q] - a[p * 4 + p]) / (2 * apq);
                var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                if (theta == 0)
                    {
                        t = 1;
                    }

                    var c = 1 / Math.Sqrt(t * t + 1);
                var s = t * c;
                for (var k = 0; k < 4; k++)
                {
                    double akp = a[k * 4 + p], akq = a[k * 4 + q];
                    a[k * 4 + p] = c * akp - s * akq;
                    a[k * 4 + q] = s * akp + c * akq;
                }
                for (var k = 0; k < 4; k++)
                {
                    double apk = a[p * 4 + k], aqk = a[q * 4 + k];
                    a[p * 4 + k] = c * apk - s * aqk;
                    a[q * 4 + k] = s * apk + c * aqk;
                }
                for (var k = 0; k < 4; k++)
                {
                    double vkp = v[k * 4 + p], vkq = v[k * 4 + q];
                    v[k * 4 + p] = c * vkp - s * vkq;
                    v[k * 4 + q] = s * vkp + c * vkq;
                }
            }
            }
        }

        var best = 0;
        for (var i = 1; i < 4; i++)
        {
            if (a[i * 4 + i] > a[best * 4 + best])
            {
                best = i;
            }
        }

        return (a[best * 4 + best], v[best], v[4 + best], v[8 + best], v[12 + best]);
    }
}
