namespace PoseSearch.Storage;

/// <summary>The top hits, best first, and how many candidates the index stage produced.</summary>
public sealed record SearchResult(IReadOnlyList<SearchHit> Hits, int CandidatesScored);
