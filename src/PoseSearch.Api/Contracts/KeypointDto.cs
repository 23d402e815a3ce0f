namespace PoseSearch.Api.Contracts;

/// <summary>
/// One joint: x and y in pixels (fractions of the image for mediapipe33), and an optional
/// detector confidence; a joint below the configured minimum confidence, or at exactly (0, 0),
/// counts as missing.
/// </summary>
public sealed record KeypointDto(double? X, double? Y, double? Confidence = null);
