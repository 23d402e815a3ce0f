namespace PoseSearch.Api.Contracts;

/// <summary>One person over time: frames in any order (they are sorted by frame number or timestamp).</summary>
public sealed record SequenceDto(IReadOnlyList<SequenceFrameDto?>? Frames);
