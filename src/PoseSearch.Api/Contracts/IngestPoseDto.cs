namespace PoseSearch.Api.Contracts;

/// <summary>One pose to store under the client's id (unique within the collection).</summary>
public sealed record IngestPoseDto(string? Id, PoseDto? Pose, PoseMetadataDto? Metadata = null);
