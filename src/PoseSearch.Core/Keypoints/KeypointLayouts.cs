using System.Diagnostics.CodeAnalysis;

namespace PoseSearch.Core.Keypoints;

/// <summary>The keypoint layouts the service accepts, by name.</summary>
public static class KeypointLayouts
{
    /// <summary>COCO person keypoints (17), the order of COCO annotations and most 2D detectors.</summary>
    public static KeypointLayout Coco17 { get; } = new("coco17", new[]
    {
        "nose", "left_eye", "right_eye", "left_ear", "right_ear",
        "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
        "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
    }, coordinatesAreNormalized: false);

    /// <summary>OpenPose BODY_25 (pose_keypoints_2d); a missing joint is (0, 0, 0).</summary>
    public static KeypointLayout Body25 { get; } = new("body25", new[]
    {
        "nose", "neck", "right_shoulder", "right_elbow", "right_wrist",
        "left_shoulder", "left_elbow", "left_wrist", "mid_hip",
        "right_hip", "right_knee", "right_ankle", "left_hip", "left_knee", "left_ankle",
        "right_eye", "left_eye", "right_ear", "left_ear",
        "left_big_toe", "left_small_toe", "left_heel", "right_big_toe", "right_small_toe", "right_heel",
    }, coordinatesAreNormalized: false);

    /// <summary>MediaPipe Pose landmarks (33); x, y are fractions of the image size, visibility is the confidence.</summary>
    public static KeypointLayout MediaPipe33 { get; } = new("mediapipe33", new[]
    {
        "nose", "left_eye_inner", "left_eye", "left_eye_outer", "right_eye_inner", "right_eye",
        "right_eye_outer", "left_ear", "right_ear", "mouth_left", "mouth_right",
        "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
        "left_pinky", "right_pinky", "left_index", "right_index", "left_thumb", "right_thumb",
        "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
        "left_heel", "right_heel", "left_foot_index", "right_foot_index",
    }, coordinatesAreNormalized: true);

    /// <summary>The 17-joint Human3.6M skeleton of docs/model-contract.md, projected to 2D.</summary>
    public static KeypointLayout H36m17 { get; } = new("h36m17", new[]
    {
        "pelvis", "right_hip", "right_knee", "right_ankle", "left_hip", "left_knee", "left_ankle",
        "spine", "thorax", "nose", "head_top",
        "left_shoulder", "left_elbow", "left_wrist", "right_shoulder", "right_elbow", "right_wrist",
    }, coordinatesAreNormalized: false);

    /// <summary>The model's own 13 joints (identity mapping).</summary>
    public static KeypointLayout Model13 { get; } = new("model13", ModelJoints.Names, coordinatesAreNormalized: false);

    public static IReadOnlyList<KeypointLayout> All { get; } = Array.AsReadOnly(new[] { Coco17, Body25, MediaPipe33, H36m17, Model13 });

    /// <summary>The layout called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="PoseFormatException">The name is not a known layout; the message lists the known ones.</exception>
    public static KeypointLayout Get(string? name)
    {
        if (TryGet(name, out var layout))
        {
            return layout;
        }

        var shown = name is null ? "(null)" : $"'{name}'";
        throw new PoseFormatException(
            $"unknown keypoint layout {shown}; known layouts: {string.Join(", ", All.Select(l => l.Name))}");
    }

    public static bool TryGet(string? name, [NotNullWhen(true)] out KeypointLayout? layout)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                layout = candidate;
                return true;
            }
        }
        layout = null;
        return false;
    }
}
