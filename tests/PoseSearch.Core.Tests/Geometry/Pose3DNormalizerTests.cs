using System.Numerics;
using PoseSearch.Core.Geometry;

namespace PoseSearch.Core.Tests.Geometry;

public class Pose3DNormalizerTests
{
    [Fact]
    public void Subtracts_the_pelvis_and_divides_by_the_torso_chain()
    {
        var pose = Enumerable.Repeat(new Vector3(1, 2, 3), 17).ToArray();
        pose[Skeleton17.Pelvis] = new Vector3(1, 2, 3);
        pose[Skeleton17.Spine] = new Vector3(1, 2.3f, 3);        // |pelvis - spine| = 0.3
        pose[Skeleton17.Thorax] = new Vector3(1, 2.3f, 3.4f);    // |spine - thorax| = 0.4 -> torso 0.7
        pose[Skeleton17.HeadTop] = new Vector3(1.7f, 2, 4.4f);
        var n = Pose3DNormalizer.Normalize(pose);
        Assert.Equal(Vector3.Zero, n[Skeleton17.Pelvis]);
        Assert.Equal(0.7f, Pose3DNormalizer.TorsoLength(pose), 6);
        // head top: (0.7, 0, 1.4) / 0.7 = (1, 0, 2)
        Assert.True(Vector3.Distance(new Vector3(1, 0, 2), n[Skeleton17.HeadTop]) < 1e-6f);
        Assert.True(Vector3.Distance(new Vector3(0, 0.3f / 0.7f, 0), n[Skeleton17.Spine]) < 1e-6f);
    }

    [Fact]
    public void Degenerate_torso_and_wrong_shapes_are_named()
    {
        var flat = Enumerable.Repeat(new Vector3(1, 1, 1), 17).ToArray();
        Assert.Contains("degenerate torso", Assert.Throws<PoseFormatException>(() => Pose3DNormalizer.Normalize(flat)).Message);
        Assert.Equal("3D pose expects 17 joints, got 16",
            Assert.Throws<PoseFormatException>(() => Pose3DNormalizer.Normalize(new Vector3[16])).Message);
        var nan = TestPoses.Standing();
        nan[13] = new Vector3(float.NaN, 0, 0);
        Assert.Contains("joint 13 (left_wrist)", Assert.Throws<PoseFormatException>(() => Pose3DNormalizer.Normalize(nan)).Message);
    }

    [Fact]
    public void Flat_and_joint_views_agree_and_check_length()
    {
        var pose = TestPoses.Standing();
        var flat = Pose3D.ToFlat(pose);
        Assert.Equal(51, flat.Length);
        Assert.Equal(pose, Pose3D.FromFlat(flat));
        Assert.Equal("3D pose expects 51 values (17 joints x 3), got 50",
            Assert.Throws<PoseFormatException>(() => Pose3D.FromFlat(flat.AsSpan(1))).Message);
    }

    [Fact]
    public void Skeleton_maps_model_joints_per_the_contract()
    {
        Assert.Equal(new[] { 9, 11, 14, 12, 15, 13, 16, 4, 1, 5, 2, 6, 3 }, Skeleton17.ModelJointIndices);
        var model = new Vector3[13];
        Pose3D.SelectModelJoints(TestPoses.Standing(), model);
        Assert.Equal(TestPoses.Standing()[Skeleton17.LeftWrist], model[5]);
        foreach (var (left, right) in Skeleton17.LeftRightPairs)
        {
            Assert.Equal(Skeleton17.Names[left].Replace("left", "right"), Skeleton17.Names[right]);
        }
    }
}
