namespace PoseSearch.Core.Geometry;

/// <summary>
/// The 17-joint 3D skeleton of docs/model-contract.md (Human3.6M order, as in VideoPose3D).
/// Units are metres; "left" is the person's own left.
/// </summary>
public static class Skeleton17
{
    public const int JointCount = 17;

    /// <summary>Floats per pose in the flat layout (17 x 3).</summary>
    public const int ValueCount = JointCount * 3;

    public const int Pelvis = 0;
    public const int RightHip = 1;
    public const int RightKnee = 2;
    public const int RightAnkle = 3;
    public const int LeftHip = 4;
    public const int LeftKnee = 5;
    public const int LeftAnkle = 6;
    public const int Spine = 7;
    public const int Thorax = 8;
    public const int Nose = 9;
    public const int HeadTop = 10;
    public const int LeftShoulder = 11;
    public const int LeftElbow = 12;
    public const int LeftWrist = 13;
    public const int RightShoulder = 14;
    public const int RightElbow = 15;
    public const int RightWrist = 16;

    public static IReadOnlyList<string> Names { get; } = Array.AsReadOnly(new[]
    {
        "pelvis", "right_hip", "right_knee", "right_ankle", "left_hip", "left_knee", "left_ankle",
        "spine", "thorax", "nose", "head_top",
        "left_shoulder", "left_elbow", "left_wrist", "right_shoulder", "right_elbow", "right_wrist",
    });

    /// <summary>(left, right) index pairs.</summary>
    public static IReadOnlyList<(int Left, int Right)> LeftRightPairs { get; } = Array.AsReadOnly(new[]
    {
        (LeftHip, RightHip), (LeftKnee, RightKnee), (LeftAnkle, RightAnkle),
        (LeftShoulder, RightShoulder), (LeftElbow, RightElbow), (LeftWrist, RightWrist),
    });

    /// <summary>The 3D joint behind each of the 13 model joints: [9, 11, 14, 12, 15, 13, 16, 4, 1, 5, 2, 6, 3].</summary>
    public static IReadOnlyList<int> ModelJointIndices { get; } = Array.AsReadOnly(new[]
    {
        Nose, LeftShoulder, RightShoulder, LeftElbow, RightElbow, LeftWrist, RightWrist,
        LeftHip, RightHip, LeftKnee, RightKnee, LeftAnkle, RightAnkle,
    });
}
