namespace PoseSearch.Api.Contracts;

/// <summary>
/// One frame of a pose sequence: its frame number or its timestamp (seconds; every frame of a
/// sequence uses the same one, or neither and the list order is the time order) and the pose.
/// </summary>
public sealed record SequenceFrameDto(long? Frame, double? TimestampSeconds, PoseDto? Pose);
