namespace PoseSearch.Api.Contracts;

/// <summary>A query clip (one person over time); k segments (default 5) are returned.</summary>
public sealed record SequenceSearchRequest(SequenceDto? Query, int? K = null);
