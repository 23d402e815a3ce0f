namespace PoseSearch.Storage;

/// <summary>One search result: the match probability, its distance -log p, and the pose's metadata.</summary>
public sealed record SearchHit(string ExternalId, float Probability, float Distance, PoseMetadata Metadata);
