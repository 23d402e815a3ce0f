using System.Numerics;

namespace PoseSearch.Core.Geometry;

/// <summary>
/// S = sum_i a_i b_i^T of two centred point sets (a = source, b = target), plus their squared
/// norms; everything the optimal rotation and scale need. Double precision.
/// </summary>
internal struct CrossCovariance
{
    public double Sxx, Sxy, Sxz, Syx, Syy, Syz, Szx, Szy, Szz;
    public double SourceSquaredNorm, TargetSquaredNorm;

    public static CrossCovariance Of(ReadOnlySpan<Vector3> sourceCentred, ReadOnlySpan<Vector3> targetCentred)
    {
        var s = new CrossCovariance();
        for (var i = 0; i < sourceCentred.Length; i++)
        {
            double ax = sourceCentred[i].X, ay = sourceCentred[i].Y, az = sourceCentred[i].Z;
            double bx = targetCentred[i].X, by = targetCentred[i].Y, bz = targetCentred[i].Z;
            s.Sxx += ax * bx; s.Sxy += ax * by; s.Sxz += ax * bz;
            s.Syx += ay * bx; s.Syy += ay * by; s.Syz += ay * bz;
            s.Szx += az * bx; s.Szy += az * by; s.Szz += az * bz;
            s.SourceSquaredNorm += ax * ax + ay * ay + az * az;
            s.TargetSquaredNorm += bx * bx + by * by + bz * bz;
        }
        return s;
    }
}
