using System.Numerics;
using PoseSearch.Core.Geometry;

namespace PoseSearch.Core.Tests.Geometry;

public class OptimalRotationTests
{
    [Fact]
    public void Newton_route_agrees_with_jacobi_on_random_point_sets()
    {
        var random = new Random(3);
        for (var trial = 0; trial < 200; trial++)
        {
            var a = Enumerable.Range(0, 17).Select(_ => new Vector3((float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble()) - new Vector3(0.5f)).ToArray();
            var b = TestPoses.Jitter(TestPoses.Transform(a, TestPoses.RandomRotation(random), 1, Vector3.Zero), random, (float)random.NextDouble());
            var s = CrossCovariance.Of(a, b);
            var fast = OptimalRotation.Solve(s);

            var n = new double[]
            {
                s.Sxx + s.Syy + s.Szz, s.Syz - s.Szy, s.Szx - s.Sxz, s.Sxy - s.Syx,
                s.Syz - s.Szy, s.Sxx - s.Syy - s.Szz, s.Sxy + s.Syx, s.Szx + s.Sxz,
                s.Szx - s.Sxz, s.Sxy + s.Syx, -s.Sxx + s.Syy - s.Szz, s.Syz + s.Szy,
                s.Sxy - s.Syx, s.Szx + s.Sxz, s.Syz + s.Szy, -s.Sxx - s.Syy + s.Szz,
            };
            var slow = SymmetricEigen4.Largest(n);
            Assert.Equal(slow.Value, fast.Lambda, 1e-9 * Math.Max(1, Math.Abs(slow.Value)));
            var dot = Math.Abs(slow.V0 * fast.W + slow.V1 * fast.X + slow.V2 * fast.Y + slow.V3 * fast.Z);
            Assert.True(dot > 1 - 1e-9, $"trial {trial}: eigenvectors differ, |dot| = {dot}");
        }
    }

    [Fact]
    public void Jacobi_finds_the_largest_eigenpair_of_a_hand_made_matrix()
    {
        // diag(1, 5, -2, 3) rotated in the (0, 1) plane by 45 degrees: eigenvalue 5 with vector (1, 1, 0, 0) / sqrt 2... of the rotated matrix
        // [[3, 2], [2, 3]] has eigenvalues 5 (vector (1, 1)/sqrt 2) and 1.
        var m = new double[] { 3, 2, 0, 0, 2, 3, 0, 0, 0, 0, -2, 0, 0, 0, 0, 3 };
        var e = SymmetricEigen4.Largest(m);
        Assert.Equal(5, e.Value, 12);
        Assert.Equal(1 / Math.Sqrt(2), Math.Abs(e.V0), 12);
        Assert.Equal(1 / Math.Sqrt(2), Math.Abs(e.V1), 12);
        Assert.Equal(0, e.V2, 12);
        Assert.Equal(0, e.V3, 12);
    }
}
