namespace PoseSearch.Api.Contracts;

/// <summary>
/// Hits best first, how many index candidates were re-ranked by match probability, and the query's
/// ambiguity (docs/api.md, "Ambiguity": 0 = the model is sure of the 2D pose, towards 1 = it could be many 3D poses).
/// </summary>
public sealed record SearchResponse(string Collection, IReadOnlyList<SearchHitDto> Hits, int CandidatesScored, float Ambiguity);
