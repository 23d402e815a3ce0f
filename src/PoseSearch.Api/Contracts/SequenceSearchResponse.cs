namespace PoseSearch.Api.Contracts;

/// <summary>Segments best first; query frames skipped for want of anchor joints; index hits shortlisted; track windows verified by DTW.</summary>
public sealed record SequenceSearchResponse(
    string Collection, IReadOnlyList<SegmentDto> Segments, IReadOnlyList<long> SkippedQueryFrames, int CandidatesShortlisted, int WindowsVerified);
