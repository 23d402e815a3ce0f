namespace PoseSearch.Api.Contracts;

/// <summary>
/// A stored stretch of one person's track (video id, person, first and last frame) that performs
/// the query clip: score = mean match probability along the warping path, its mean cost (-ln p),
/// the speed ratio (the segment's frame span over the query's, in frame numbers: 2 = performed at
/// half the query's speed) and the per-frame alignment (frameA = query frame, frameB = stored frame).
/// </summary>
public sealed record SegmentDto(
    string VideoId, int? Person, long StartFrame, long EndFrame, double Score, double MeanCost, double SpeedRatio, IReadOnlyList<AlignedPairDto> Alignment);
