namespace PoseSearch.Storage.Sequences;

/// <summary>
/// Segments best first; index hits shortlisted; track windows verified by DTW; which shortlist proposed
/// them (<see cref="SegmentSearch.FrameShortlist"/> or <see cref="SegmentSearch.TemporalWindowShortlist"/>).
/// </summary>
public sealed record SegmentSearchResult(IReadOnlyList<SegmentMatch> Segments, int CandidatesShortlisted, int WindowsVerified, string Shortlist);
