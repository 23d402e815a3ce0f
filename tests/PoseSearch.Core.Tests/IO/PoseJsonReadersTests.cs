using System.Globalization;
using System.Text;
using PoseSearch.Core.IO;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Core.Tests.IO;

public class PoseJsonReadersTests
{
    private static Stream Utf8(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

    private static string Numbers(int joints, Func<int, string> joint) => string.Join(", ", Enumerable.Range(0, joints).Select(joint));

    [Fact]
    public void Coco_results_keep_scores_as_confidence()
    {
        var keypoints = Numbers(17, j => $"{10 + j}.5, {20 + j}, 0.{j % 10}");
        var json = $"[{{\"image_id\": 42, \"category_id\": 1, \"keypoints\": [{keypoints}], \"score\": 0.93}}, {{\"image_id\": 43, \"keypoints\": [{keypoints}], \"score\": 0.5}}]";
        var detections = CocoResultsReader.Read(Utf8(json));
        Assert.Equal(2, detections.Count);
        Assert.Equal(42, detections[0].ImageId);
        Assert.Equal(0.93f, detections[0].Score);
        Assert.Equal(new Keypoint(13.5f, 23, 0.3f), detections[0].Keypoints[3]);
        // score 0.0 of the nose (joint 0) is below MinConfidence 0.1: missing
        Assert.False(detections[1].ToModelPose().IsVisible(ModelJoints.Nose));
        Assert.True(detections[1].ToModelPose().IsVisible(ModelJoints.LeftShoulder));   // joint 5, score 0.5
    }

    [Fact]
    public void Coco_results_errors_are_named()
    {
        Assert.Contains("must be a JSON list", Assert.Throws<PoseFormatException>(() => CocoResultsReader.Read(Utf8("{}"))).Message);
        Assert.Contains("detection 0: keypoints (17 x [x, y, score]) has 2 values, expected 51",
            Assert.Throws<PoseFormatException>(() => CocoResultsReader.Read(Utf8("[{\"image_id\": 1, \"keypoints\": [1, 2], \"score\": 1}]"))).Message);
    }

    [Fact]
    public void OpenPose_people_stay_separate_and_missing_joints_are_zero()
    {
        var first = Numbers(25, j => j == 4 ? "0, 0, 0" : $"{100 + j}, {200 + j}, 0.8");
        var second = Numbers(25, j => $"{300 + j}, {400 + j}, 0.6");
        var json = $"{{\"version\": 1.3, \"people\": [{{\"person_id\": [-1], \"pose_keypoints_2d\": [{first}], \"face_keypoints_2d\": []}}, {{\"pose_keypoints_2d\": [{second}]}}]}}";
        var people = OpenPoseReader.Read(Utf8(json));
        Assert.Equal(2, people.Count);
        Assert.Equal(new Keypoint(102, 202, 0.8f), people[0][2]);
        Assert.Equal(new Keypoint(302, 402, 0.6f), people[1][2]);
        var pose = LayoutConverter.ToModel13(KeypointLayouts.Body25, people[0]);
        Assert.False(pose.IsVisible(ModelJoints.RightWrist));   // BODY_25 joint 4
        Assert.Equal(12, pose.VisibleCount);
        Assert.Empty(OpenPoseReader.Parse("{\"people\": []}"));
    }

    [Fact]
    public void OpenPose_errors_are_named()
    {
        var coco18 = Numbers(18, _ => "1, 2, 0.5");
        Assert.Contains("COCO-18", Assert.Throws<PoseFormatException>(() => OpenPoseReader.Parse($"{{\"people\": [{{\"pose_keypoints_2d\": [{coco18}]}}]}}")).Message);
        Assert.Contains("person 0: pose_keypoints_2d (BODY_25: 25 x [x, y, c]) has 3 values, expected 75",
            Assert.Throws<PoseFormatException>(() => OpenPoseReader.Parse("{\"people\": [{\"pose_keypoints_2d\": [1, 2, 3]}]}")).Message);
        Assert.Contains("missing \"people\"", Assert.Throws<PoseFormatException>(() => OpenPoseReader.Parse("{}")).Message);
    }

    private static string Landmarks(int count = 33) =>
        "[" + string.Join(", ", Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"{{\"x\": {i / 100.0}, \"y\": {0.5 + i / 100.0}, \"z\": -0.1, \"visibility\": {(i == 16 ? 0.05 : 0.9)}}}"))) + "]";

    [Fact]
    public void MediaPipe_document_with_several_poses_and_image_size()
    {
        var json = $"{{\"image_width\": 640, \"image_height\": 480, \"poses\": [{{\"landmarks\": {Landmarks()}}}, {{\"landmarks\": {Landmarks()}}}]}}";
        var document = MediaPipeReader.Parse(json);
        Assert.Equal((640, 480), (document.ImageWidth, document.ImageHeight));
        Assert.Equal(2, document.Poses.Count);
        Assert.Equal(new Keypoint(0.11f, 0.61f, 0.9f), document.Poses[0][11]);
        var poses = document.ToModelPoses();
        Assert.Equal(0.11f * 640, poses[0].Coordinates[2 * ModelJoints.LeftShoulder], 3);
        Assert.False(poses[1].IsVisible(ModelJoints.RightWrist));   // landmark 16, visibility 0.05
    }

    [Fact]
    public void MediaPipe_plain_landmark_array_needs_the_image_size_from_the_caller()
    {
        var document = MediaPipeReader.Parse(Landmarks());
        Assert.Null(document.ImageWidth);
        Assert.Single(document.Poses);
        Assert.Contains("ImageWidth and ImageHeight are required", Assert.Throws<PoseFormatException>(() => document.ToModelPoses()).Message);
        var pose = document.ToModelPoses(new ConversionOptions { ImageWidth = 100, ImageHeight = 200 })[0];
        Assert.Equal(0.61f * 200, pose.Coordinates[2 * ModelJoints.LeftShoulder + 1], 3);
    }

    [Fact]
    public void MediaPipe_single_landmarks_object_and_missing_visibility()
    {
        var json = "{\"image_width\": 10, \"image_height\": 10, \"landmarks\": " + Landmarks().Replace(", \"visibility\": 0.9", "") + "}";
        var document = MediaPipeReader.Parse(json);
        Assert.Null(document.Poses[0][0].Confidence);
        Assert.Equal(0.05f, document.Poses[0][16].Confidence);
    }

    [Fact]
    public void MediaPipe_errors_are_named()
    {
        Assert.Contains("pose 0: mediapipe33 expects 33 landmarks, got 32", Assert.Throws<PoseFormatException>(() => MediaPipeReader.Parse(Landmarks(32))).Message);
        Assert.Contains("landmark 0: missing \"y\"", Assert.Throws<PoseFormatException>(() => MediaPipeReader.Parse(Landmarks().Replace("\"y\"", "\"q\""))).Message);
        Assert.Contains("\"image_width\" must be a positive integer", Assert.Throws<PoseFormatException>(() =>
            MediaPipeReader.Parse($"{{\"image_width\": -3, \"landmarks\": {Landmarks()}}}")).Message);
        Assert.Contains("expected \"poses\"", Assert.Throws<PoseFormatException>(() => MediaPipeReader.Parse("{\"image_width\": 3}")).Message);
    }
}
