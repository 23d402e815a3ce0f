namespace PoseSearch.Api.Contracts;

/// <summary>
/// A 2D pose of one person in one of the known layouts (coco17, body25, mediapipe33, h36m17,
/// model13), keypoints in the layout's order. Image size is required for mediapipe33, whose
/// coordinates are fractions of the image.
/// </summary>
public sealed record PoseDto(string? Layout, IReadOnlyList<KeypointDto?>? Keypoints, int? ImageWidth = null, int? ImageHeight = null);
