namespace PoseSearch.Api.Contracts;

/// <summary>
/// Segments best first; query frames skipped for want of anchor joints; index hits shortlisted; track
/// windows verified by DTW; which shortlist proposed them: "windows" (the collection's temporal windows,
/// when it has them for the loaded temporal model) or "frames" (the per-frame pose index).
/// </summary>
public sealed record SequenceSearchResponse(
    string Collection, IReadOnlyList<SegmentDto> Segments, IReadOnlyList<long> SkippedQueryFrames, int CandidatesShortlisted, int WindowsVerified,
    string Shortlist);
