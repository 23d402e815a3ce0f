using System.Numerics;
using PoseSearch.Core.Geometry;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Metrics;

namespace PoseSearch.Core.Tests.Keypoints;

public class PoseMirrorTests
{
    private static ModelPose Sample()
    {
        var coordinates = new float[ModelJoints.CoordinateCount];
        for (var j = 0; j < ModelJoints.Count; j++)
        {
            coordinates[2 * j] = 100 + 7 * j + (j % 3) * 11;
            coordinates[2 * j + 1] = 50 + 13 * j;
        }
        var visibility = Enumerable.Repeat(1f, ModelJoints.Count).ToArray();
        visibility[ModelJoints.LeftWrist] = 0f;
        coordinates[2 * ModelJoints.LeftWrist] = 0;
        coordinates[2 * ModelJoints.LeftWrist + 1] = 0;
        return new ModelPose(coordinates, visibility);
    }

    [Fact]
    public void Swaps_sides_reflects_x_about_the_visible_centre_and_keeps_y()
    {
        var pose = Sample();
        var mirrored = PoseMirror.Mirror(pose);
        var visibleX = Enumerable.Range(0, ModelJoints.Count).Where(pose.IsVisible).Select(j => pose[j].X).Average();

        foreach (var (left, right) in ModelJoints.LeftRightPairs)
        {
            Assert.Equal(pose.IsVisible(right), mirrored.IsVisible(left));
            Assert.Equal(pose.IsVisible(left), mirrored.IsVisible(right));
            if (pose.IsVisible(right))
            {
                Assert.Equal(2 * visibleX - pose[right].X, mirrored[left].X, 3);
                Assert.Equal(pose[right].Y, mirrored[left].Y);
            }
        }
        // The left wrist was missing, so the mirror's right wrist is missing.
        Assert.False(mirrored.IsVisible(ModelJoints.RightWrist));
        Assert.True(mirrored.IsVisible(ModelJoints.LeftWrist));
        Assert.Equal(2 * visibleX - pose[ModelJoints.Nose].X, mirrored[ModelJoints.Nose].X, 3);
    }

    [Fact]
    public void Mirroring_twice_gives_the_pose_back()
    {
        var pose = Sample();
        var twice = PoseMirror.Mirror(PoseMirror.Mirror(pose));
        Assert.Equal(pose.Visibility.ToArray(), twice.Visibility.ToArray());
        for (var i = 0; i < ModelJoints.CoordinateCount; i++)
        {
            Assert.Equal(pose.Coordinates[i], twice.Coordinates[i], 3);
        }
    }

    [Fact]
    public void Mirrors_batches_row_by_row()
    {
        var a = Sample();
        var b = PoseMirror.Mirror(a);
        var keypoints = a.Coordinates.ToArray().Concat(b.Coordinates.ToArray()).ToArray();
        var visibility = a.Visibility.ToArray().Concat(b.Visibility.ToArray()).ToArray();
        var keypointsOut = new float[keypoints.Length];
        var visibilityOut = new float[visibility.Length];

        PoseMirror.Mirror2D(keypoints, visibility, keypointsOut, visibilityOut);

        Assert.Equal(b.Coordinates.ToArray(), keypointsOut[..ModelJoints.CoordinateCount]);
        for (var i = 0; i < ModelJoints.CoordinateCount; i++)
        {
            Assert.Equal(a.Coordinates[i], keypointsOut[ModelJoints.CoordinateCount + i], 3);
        }

        Assert.Throws<ArgumentException>(() => PoseMirror.Mirror2D(keypoints, visibility.AsSpan(1), keypointsOut, visibilityOut));
    }

    [Fact]
    public void A_chiral_3d_pose_differs_from_its_mirror_and_every_reflection_plane_gives_the_same_mirror()
    {
        var pose = Pose3D.ToFlat(TestPoses.Standing());
        var mirrored = new float[pose.Length];
        PoseMirror.Mirror3D(pose, mirrored);

        // The arms differ, so no rotation maps the pose onto its mirror image.
        Assert.True(NpMpjpe.Compute(mirrored, pose) > 0.02f);

        // Reflecting through z instead of x (and swapping sides) is the same pose up to a rotation.
        var joints = TestPoses.Standing();
        var throughZ = new Vector3[joints.Length];
        for (var j = 0; j < joints.Length; j++)
        {
            throughZ[j] = joints[j] * new Vector3(1, 1, -1);
        }

        foreach (var (left, right) in Skeleton17.LeftRightPairs)
        {
            (throughZ[left], throughZ[right]) = (throughZ[right], throughZ[left]);
        }

        var rotated = TestPoses.Transform(throughZ, TestPoses.RandomRotation(new Random(3)), 1.7f, new Vector3(4, -2, 9));
        Assert.True(NpMpjpe.Compute(Pose3D.ToFlat(rotated), mirrored) < 1e-4f);

        var twice = new float[pose.Length];
        PoseMirror.Mirror3D(mirrored, twice);
        Assert.Equal(pose, twice);
    }
}
