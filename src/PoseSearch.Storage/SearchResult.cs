namespace PoseSearch.Storage;

/// <summary>
/// The top hits, best first, how many candidates the index stage produced, and the hnsw.ef_search
/// that stage ran with (it depends on the collection's size, <see cref="SearchOptions.EfSearchFor"/>).
/// </summary>
public sealed record SearchResult(IReadOnlyList<SearchHit> Hits, int CandidatesScored, int EfSearch);
