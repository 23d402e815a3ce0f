using System.Numerics;
using System.Runtime.CompilerServices;

namespace PoseSearch.Core.Scoring;

/// <summary>
/// exp(x) for a whole <see cref="Vector{T}"/> of floats, about 1.5e-7 relative error (Cephes
/// expf polynomial, Cody-Waite range reduction). Several times faster than Vector.Exp, which
/// widens to double; the match probability spends most of its time here.
/// Inputs are clamped to [-87.3, 88.7], so large arguments give about 3e38 instead of infinity
/// and very negative ones about 1e-38 instead of 0: harmless inside a sigmoid.
/// </summary>
internal static class VectorExp
{
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2Hi = 0.693359375f;
    private const float Ln2Lo = -2.12194440e-4f;
    private const float MaxInput = 88.7f;
    private const float MinInput = -87.3f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Exp(Vector<float> x)
    {
        x = Vector.Min(Vector.Max(x, new Vector<float>(MinInput)), new Vector<float>(MaxInput));
        // x = n ln2 + f with |f| <= ln2 / 2; exp(x) = 2^n * exp(f).
        var n = Vector.Floor(x * new Vector<float>(Log2E) + new Vector<float>(0.5f));
        var f = x - n * new Vector<float>(Ln2Hi) - n * new Vector<float>(Ln2Lo);
        var f2 = f * f;
        var p = new Vector<float>(1.9875691500e-4f);
        p = p * f + new Vector<float>(1.3981999507e-3f);
        p = p * f + new Vector<float>(8.3334519073e-3f);
        p = p * f + new Vector<float>(4.1665795894e-2f);
        p = p * f + new Vector<float>(1.6666665459e-1f);
        p = p * f + new Vector<float>(5.0000001201e-1f);
        p = p * f2 + f + Vector<float>.One;
        // 2^n built in the exponent field; n is in [-126, 128] after the clamp, so split it in two
        // halves to stay inside the normal range at both ends.
        var ni = Vector.ConvertToInt32(n);
        var half = Vector.ShiftRightArithmetic(ni, 1);
        var bias = new Vector<int>(127);
        var scale1 = Vector.AsVectorSingle(Vector.ShiftLeft(half + bias, 23));
        var scale2 = Vector.AsVectorSingle(Vector.ShiftLeft(ni - half + bias, 23));
        return p * scale1 * scale2;
    }
}
