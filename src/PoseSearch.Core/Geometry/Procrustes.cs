using System.Numerics;

namespace PoseSearch.Core.Geometry;

/// <summary>
/// Similarity Procrustes alignment: the rotation (det = +1), uniform scale and translation that
/// minimize sum_i |s R a_i + t - b_i|^2 (Umeyama's solution; the rotation by Horn's quaternion
/// method, so a reflection is never chosen).
/// </summary>
public static class Procrustes
{
    /// <exception cref="PoseFormatException">Different point counts, no points, non-finite values, or coinciding source points.</exception>
    public static SimilarityTransform AlignSimilarity(ReadOnlySpan<Vector3> source, ReadOnlySpan<Vector3> target)
    {
        if (source.Length != target.Length)
        {
            throw new PoseFormatException($"Procrustes needs the same number of source and target points, got {source.Length} and {target.Length}");
        }

        if (source.Length == 0)
        {
            throw new PoseFormatException("Procrustes needs at least one point");
        }

        CheckFinite(source, "source");
        CheckFinite(target, "target");

        var sourceCentroid = Centroid(source);
        var targetCentroid = Centroid(target);
        var count = source.Length;
        Span<Vector3> a = count <= 256 ? stackalloc Vector3[count] : new Vector3[count];
        Span<Vector3> b = count <= 256 ? stackalloc Vector3[count] : new Vector3[count];
        for (var i = 0; i < count; i++)
        {
            a[i] = source[i] - sourceCentroid;
            b[i] = target[i] - targetCentroid;
        }

        var covariance = CrossCovariance.Of(a, b);
        if (!(covariance.SourceSquaredNorm > 1e-20))
        {
            throw new PoseFormatException("Procrustes source points coincide; no rotation or scale can be fitted");
        }

        var q = OptimalRotation.Solve(covariance);
        var rotation = new Quaternion((float)q.X, (float)q.Y, (float)q.Z, (float)q.W);
        var scale = (float)(q.Lambda / covariance.SourceSquaredNorm);
        var translation = targetCentroid - Vector3.Transform(sourceCentroid, rotation) * scale;
        return new SimilarityTransform(rotation, scale, translation);
    }

    /// <summary>Aligns <paramref name="source"/> onto <paramref name="target"/> and writes the moved source points.</summary>
    public static SimilarityTransform AlignSimilarity(ReadOnlySpan<Vector3> source, ReadOnlySpan<Vector3> target, Span<Vector3> aligned)
    {
        var transform = AlignSimilarity(source, target);
        transform.Apply(source, aligned);
        return transform;
    }

    private static Vector3 Centroid(ReadOnlySpan<Vector3> points)
    {
        double x = 0, y = 0, z = 0;
        foreach (var p in points) { x += p.X; y += p.Y; z += p.Z; }
        return new Vector3((float)(x / points.Length), (float)(y / points.Length), (float)(z / points.Length));
    }

    private static void CheckFinite(ReadOnlySpan<Vector3> points, string what)
    {
        for (var i = 0; i < points.Length; i++)
        {
            var p = points[i];
            if (!float.IsFinite(p.X) || !float.IsFinite(p.Y) || !float.IsFinite(p.Z))
            {
                throw new PoseFormatException($"Procrustes {what} point {i} is not finite: {p}");
            }
        }
    }
}
