namespace PoseSearch.Core.Keypoints;

/// <summary>The model's 13 joints (docs/model-contract.md), in the order the model expects.</summary>
public static class ModelJoints
{
    public const int Count = 13;

    /// <summary>Values per pose in the interleaved x,y coordinate layout (13 x 2).</summary>
    public const int CoordinateCount = Count * 2;

    public const int Nose = 0;
    public const int LeftShoulder = 1;
    public const int RightShoulder = 2;
    public const int LeftElbow = 3;
    public const int RightElbow = 4;
    public const int LeftWrist = 5;
    public const int RightWrist = 6;
    public const int LeftHip = 7;
    public const int RightHip = 8;
    public const int LeftKnee = 9;
    public const int RightKnee = 10;
    public const int LeftAnkle = 11;
    public const int RightAnkle = 12;

    public static IReadOnlyList<string> Names { get; } = Array.AsReadOnly(new[]
    {
        "nose", "left_shoulder", "right_shoulder", "left_elbow", "right_elbow",
        "left_wrist", "right_wrist", "left_hip", "right_hip", "left_knee", "right_knee",
        "left_ankle", "right_ankle",
    });

    /// <summary>The value of the ONNX metadata key posesearch.keypoints.</summary>
    public static string CommaSeparatedNames => string.Join(',', Names);

    /// <summary>(left, right) index pairs, for mirroring and chirality checks.</summary>
    public static IReadOnlyList<(int Left, int Right)> LeftRightPairs { get; } = Array.AsReadOnly(new[]
    {
        (LeftShoulder, RightShoulder), (LeftElbow, RightElbow), (LeftWrist, RightWrist),
        (LeftHip, RightHip), (LeftKnee, RightKnee), (LeftAnkle, RightAnkle),
    });
}
