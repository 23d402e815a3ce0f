namespace PoseSearch.Core.Keypoints;

/// <summary>
/// One detected joint as a layout delivers it: image coordinates (pixels, or [0, 1] for
/// normalized layouts such as MediaPipe) and an optional detector confidence / visibility.
/// A null confidence means "the source gives none" and does not hide the joint.
/// </summary>
public readonly record struct Keypoint(float X, float Y, float? Confidence = null);
