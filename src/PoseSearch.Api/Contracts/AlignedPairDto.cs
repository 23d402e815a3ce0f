namespace PoseSearch.Api.Contracts;

/// <summary>
/// One pair on a warping path: the frame of A and of B (frame numbers as sent; for a sequence sent
/// with timestamps, the frame's position in time order, and its timestamp beside it), the match
/// probability of the two poses and the cost of the distance that drove the alignment.
/// </summary>
public sealed record AlignedPairDto(
    long FrameA, long FrameB, double Probability, double Cost, double? TimestampSecondsA = null, double? TimestampSecondsB = null);
