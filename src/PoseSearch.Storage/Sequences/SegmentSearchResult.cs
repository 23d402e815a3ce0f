namespace PoseSearch.Storage.Sequences;

/// <summary>Segments best first; index hits shortlisted; track windows verified by DTW.</summary>
public sealed record SegmentSearchResult(IReadOnlyList<SegmentMatch> Segments, int CandidatesShortlisted, int WindowsVerified);
