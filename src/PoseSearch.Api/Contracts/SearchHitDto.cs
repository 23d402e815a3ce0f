namespace PoseSearch.Api.Contracts;

/// <summary>
/// A stored pose that matches the query: its match probability and distance = -ln(probability);
/// mirrored = true when it matched the query's mirror image (only with "mirror": true).
/// </summary>
public sealed record SearchHitDto(string Id, float Probability, float Distance, PoseMetadataDto Metadata, bool Mirrored = false);
