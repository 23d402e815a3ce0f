namespace PoseSearch.Api.Contracts;

/// <summary>
/// A stored pose: the model13 pose it was embedded from (missing joints have confidence 0),
/// its embedding and metadata.
/// </summary>
public sealed record StoredPoseResponse(
    string Id, string Collection, PoseDto Pose, EmbeddingDto Embedding, PoseMetadataDto Metadata, DateTime? UpdatedAt);
