using PoseSearch.Core.Keypoints;

namespace PoseSearch.Core.Tests.Keypoints;

public class LayoutConverterTests
{
    // Joint i of the layout at (10 + i, 100 + i) with confidence 0.9, so every output names its source.
    private static Keypoint[] Numbered(int count, float confidence = 0.9f) =>
        Enumerable.Range(0, count).Select(i => new Keypoint(10 + i, 100 + i, confidence)).ToArray();

    [Fact]
    public void Coco17_takes_each_model_joint_from_its_coco_index()
    {
        var pose = LayoutConverter.ToModel13(KeypointLayouts.Coco17, Numbered(17));
        var expectedSource = new[] { 0, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
        for (var j = 0; j < 13; j++)
        {
            Assert.True(pose.IsVisible(j));
            Assert.Equal(10 + expectedSource[j], pose.Coordinates[2 * j]);
            Assert.Equal(100 + expectedSource[j], pose.Coordinates[2 * j + 1]);
        }
        Assert.Equal(13, pose.VisibleCount);
    }

    [Fact]
    public void Body25_missing_joints_at_the_origin_are_invisible()
    {
        var keypoints = Numbered(25);
        keypoints[4] = new Keypoint(0, 0, 0);        // right wrist not detected: OpenPose writes (0, 0, 0)
        keypoints[12] = new Keypoint(0, 0, 0.8f);    // (0, 0) even with a confidence is OpenPose's missing joint
        var pose = LayoutConverter.ToModel13(KeypointLayouts.Body25, keypoints);
        Assert.False(pose.IsVisible(ModelJoints.RightWrist));
        Assert.False(pose.IsVisible(ModelJoints.LeftHip));
        Assert.Equal(0f, pose.Coordinates[2 * ModelJoints.RightWrist]);
        Assert.Equal(11, pose.VisibleCount);
        // right shoulder is BODY_25 index 2
        Assert.Equal(new[] { 12f, 102f }, pose.Coordinates.Slice(2 * ModelJoints.RightShoulder, 2).ToArray());
    }

    [Fact]
    public void Confidence_below_the_minimum_hides_a_joint_and_at_the_minimum_keeps_it()
    {
        var keypoints = Numbered(17);
        keypoints[5] = keypoints[5] with { Confidence = 0.099f };   // left shoulder
        keypoints[6] = keypoints[6] with { Confidence = 0.1f };     // right shoulder
        keypoints[7] = keypoints[7] with { Confidence = null };     // no confidence: kept
        var pose = LayoutConverter.ToModel13(KeypointLayouts.Coco17, keypoints);
        Assert.False(pose.IsVisible(ModelJoints.LeftShoulder));
        Assert.True(pose.IsVisible(ModelJoints.RightShoulder));
        Assert.True(pose.IsVisible(ModelJoints.LeftElbow));

        var strict = LayoutConverter.ToModel13(KeypointLayouts.Coco17, keypoints, new ConversionOptions { MinConfidence = 0.5f });
        Assert.False(strict.IsVisible(ModelJoints.RightShoulder));
    }

    [Fact]
    public void Non_finite_coordinates_are_invisible_and_stored_as_zero()
    {
        var keypoints = Numbered(17);
        keypoints[9] = new Keypoint(float.NaN, 3, 1);               // left wrist
        keypoints[10] = new Keypoint(4, float.PositiveInfinity, 1); // right wrist
        var pose = LayoutConverter.ToModel13(KeypointLayouts.Coco17, keypoints);
        Assert.False(pose.IsVisible(ModelJoints.LeftWrist));
        Assert.False(pose.IsVisible(ModelJoints.RightWrist));
        foreach (var c in pose.Coordinates)
        {
            Assert.True(float.IsFinite(c));
        }
    }

    [Fact]
    public void Coco_visibility_flag_zero_hides_and_one_or_two_keeps()
    {
        var keypoints = Numbered(17, confidence: 2);
        keypoints[0] = keypoints[0] with { Confidence = 0 };
        keypoints[15] = keypoints[15] with { Confidence = 1 };
        var pose = LayoutConverter.ToModel13(KeypointLayouts.Coco17, keypoints);
        Assert.False(pose.IsVisible(ModelJoints.Nose));
        Assert.True(pose.IsVisible(ModelJoints.LeftAnkle));
    }

    [Fact]
    public void MediaPipe_scales_fractions_to_pixels_and_uses_visibility_as_confidence()
    {
        var landmarks = Enumerable.Range(0, 33).Select(i => new Keypoint(i / 100f, 0.5f + i / 100f, 0.95f)).ToArray();
        landmarks[16] = landmarks[16] with { Confidence = 0.05f };   // right wrist barely visible
        var pose = LayoutConverter.ToModel13(KeypointLayouts.MediaPipe33, landmarks,
            new ConversionOptions { ImageWidth = 640, ImageHeight = 480 });
        // left shoulder is landmark 11: (0.11 * 640, 0.61 * 480)
        Assert.Equal(0.11f * 640, pose.Coordinates[2 * ModelJoints.LeftShoulder], 3);
        Assert.Equal(0.61f * 480, pose.Coordinates[2 * ModelJoints.LeftShoulder + 1], 3);
        Assert.False(pose.IsVisible(ModelJoints.RightWrist));
    }

    [Fact]
    public void MediaPipe_without_image_size_is_a_clear_error()
    {
        var landmarks = Numbered(33);
        var e = Assert.Throws<PoseFormatException>(() => LayoutConverter.ToModel13(KeypointLayouts.MediaPipe33, landmarks));
        Assert.Contains("ImageWidth and ImageHeight are required", e.Message);
        Assert.Throws<PoseFormatException>(() => LayoutConverter.ToModel13(KeypointLayouts.MediaPipe33, landmarks,
            new ConversionOptions { ImageWidth = 0, ImageHeight = 480 }));
    }

    [Theory]
    [InlineData("coco17", 12)]
    [InlineData("coco17", 0)]
    [InlineData("body25", 17)]
    [InlineData("mediapipe33", 25)]
    public void Wrong_joint_count_names_layout_and_counts(string layout, int given)
    {
        var e = Assert.Throws<PoseFormatException>(() =>
            LayoutConverter.ToModel13(KeypointLayouts.Get(layout), Numbered(given), new ConversionOptions { ImageWidth = 1, ImageHeight = 1 }));
        Assert.Equal($"{layout} expects {KeypointLayouts.Get(layout).JointCount} keypoints, got {given}", e.Message);
    }

    [Fact]
    public void NaN_confidence_is_malformed_input()
    {
        var keypoints = Numbered(17);
        keypoints[3] = keypoints[3] with { Confidence = float.NaN };
        var e = Assert.Throws<PoseFormatException>(() => LayoutConverter.ToModel13(KeypointLayouts.Coco17, keypoints));
        Assert.Contains("keypoint 3 (left_ear) has a NaN confidence", e.Message);
    }

    [Fact]
    public void H36m17_to_model13_uses_the_contract_index_map()
    {
        var pose = LayoutConverter.ToModel13(KeypointLayouts.H36m17, Numbered(17));
        var map = new[] { 9, 11, 14, 12, 15, 13, 16, 4, 1, 5, 2, 6, 3 };
        for (var j = 0; j < 13; j++)
        {
            Assert.Equal(10 + map[j], pose.Coordinates[2 * j]);
        }
    }

    [Fact]
    public void Span_overload_writes_into_caller_buffers()
    {
        var coordinates = new float[26];
        var visibility = new float[13];
        Array.Fill(coordinates, 99f);
        var keypoints = Numbered(13);
        keypoints[2] = default;   // (0, 0): missing
        LayoutConverter.ToModel13(KeypointLayouts.Model13, keypoints, null, coordinates, visibility);
        Assert.Equal(new[] { 0f, 0f }, coordinates[4..6]);
        Assert.Equal(0f, visibility[2]);
        Assert.Equal(13f, coordinates[2 * 3]);   // joint 3 untouched by joint 2
    }

    [Fact]
    public void ModelPose_rejects_bad_visibility_and_non_finite_visible_joints()
    {
        var coordinates = new float[26];
        var visibility = Enumerable.Repeat(1f, 13).ToArray();
        visibility[4] = 0.5f;
        Assert.Contains("visibility of right_elbow must be 0 or 1", Assert.Throws<PoseFormatException>(() => new ModelPose(coordinates, visibility)).Message);
        visibility[4] = 1f;
        coordinates[1] = float.NaN;
        Assert.Contains("nose has a non-finite coordinate", Assert.Throws<PoseFormatException>(() => new ModelPose(coordinates, visibility)).Message);
        Assert.Contains("expects 26 coordinates", Assert.Throws<PoseFormatException>(() => new ModelPose(new float[24], visibility)).Message);
    }

    [Fact]
    public void ModelPose_stores_missing_joints_as_zero_even_if_given_garbage()
    {
        var coordinates = Enumerable.Repeat(1e4f, 26).ToArray();
        coordinates[0] = float.NaN;
        var visibility = new float[13];
        visibility[1] = 1;
        var pose = new ModelPose(coordinates, visibility);
        Assert.Equal(new[] { 1e4f, 1e4f }, pose.Coordinates.Slice(2, 2).ToArray());
        Assert.Equal(0f, pose.Coordinates[0]);
        Assert.Equal(0f, pose.Coordinates[25]);
    }
}
