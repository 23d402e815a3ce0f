namespace PoseSearch.Api.Contracts;

/// <summary>A stored pose that matches the query: its match probability and distance = -ln(probability).</summary>
public sealed record SearchHitDto(string Id, float Probability, float Distance, PoseMetadataDto Metadata);
