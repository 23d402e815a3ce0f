using PoseSearch.Core.Keypoints;

namespace PoseSearch.Core.Tests.Keypoints;

public class KeypointLayoutsTests
{
    [Theory]
    [InlineData("coco17", 17, 8, false)]
    [InlineData("body25", 25, 11, false)]
    [InlineData("mediapipe33", 33, 16, true)]
    [InlineData("h36m17", 17, 6, false)]
    [InlineData("model13", 13, 6, false)]
    public void Layouts_have_the_published_joint_counts_and_pairs(string name, int joints, int pairs, bool normalized)
    {
        var layout = KeypointLayouts.Get(name);
        Assert.Equal(name, layout.Name);
        Assert.Equal(joints, layout.JointCount);
        Assert.Equal(pairs, layout.LeftRightPairs.Count);
        Assert.Equal(normalized, layout.CoordinatesAreNormalized);
        foreach (var (left, right) in layout.LeftRightPairs)
        {
            Assert.Contains("left", layout.JointNames[left]);
            Assert.Equal(layout.JointNames[left].Replace("left", "right"), layout.JointNames[right]);
        }
    }

    [Theory]
    [InlineData("COCO17")]
    [InlineData("Body25")]
    [InlineData("MediaPipe33")]
    [InlineData(" h36m17 ")]
    public void Get_ignores_case(string name) => Assert.NotNull(KeypointLayouts.Get(name));

    [Fact]
    public void Unknown_layout_names_it_and_lists_the_known_ones()
    {
        var e = Assert.Throws<PoseFormatException>(() => KeypointLayouts.Get("halpe26"));
        Assert.IsAssignableFrom<ArgumentException>(e);
        Assert.Contains("'halpe26'", e.Message);
        foreach (var known in new[] { "coco17", "body25", "mediapipe33", "h36m17", "model13" })
        {
            Assert.Contains(known, e.Message);
        }
    }

    [Fact]
    public void H36m17_maps_to_the_model_joints_of_the_contract()
    {
        Assert.Equal(new[] { 9, 11, 14, 12, 15, 13, 16, 4, 1, 5, 2, 6, 3 }, KeypointLayouts.H36m17.ModelJointSource);
    }

    [Fact]
    public void Coco17_maps_to_coco_minus_eyes_and_ears()
    {
        Assert.Equal(new[] { 0, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }, KeypointLayouts.Coco17.ModelJointSource);
    }

    [Fact]
    public void Body25_maps_to_the_openpose_indices()
    {
        // OpenPose BODY_25: 0 nose, 2-4 right arm, 5-7 left arm, 9-11 right leg, 12-14 left leg.
        Assert.Equal(new[] { 0, 5, 2, 6, 3, 7, 4, 12, 9, 13, 10, 14, 11 }, KeypointLayouts.Body25.ModelJointSource);
    }

    [Fact]
    public void MediaPipe33_maps_to_the_landmark_indices()
    {
        Assert.Equal(new[] { 0, 11, 12, 13, 14, 15, 16, 23, 24, 25, 26, 27, 28 }, KeypointLayouts.MediaPipe33.ModelJointSource);
    }

    [Fact]
    public void Model13_is_the_identity_and_matches_the_contract_names()
    {
        Assert.Equal(Enumerable.Range(0, 13), KeypointLayouts.Model13.ModelJointSource);
        Assert.Equal("nose,left_shoulder,right_shoulder,left_elbow,right_elbow,left_wrist,right_wrist,left_hip,right_hip,left_knee,right_knee,left_ankle,right_ankle",
            ModelJoints.CommaSeparatedNames);
    }

    [Fact]
    public void A_layout_with_duplicate_joint_names_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new KeypointLayout("bad", new[] { "nose", "nose" }, false));
        Assert.Contains("'nose' appears twice", e.Message);
    }
}
