namespace PoseSearch.Api.Contracts;

/// <summary>Hits best first, and how many index candidates were re-ranked by match probability.</summary>
public sealed record SearchResponse(string Collection, IReadOnlyList<SearchHitDto> Hits, int CandidatesScored);
