using PoseSearch.Core.Sequences;

namespace PoseSearch.Storage.Sequences;

/// <summary>
/// A stored stretch of one person's track that matches the whole query clip: its frames, its score
/// (the mean match probability along the warping path), and the per-frame alignment (query frame,
/// stored frame, probability).
/// </summary>
public sealed record SegmentMatch(
    string VideoId, int? Person, long StartFrame, long EndFrame, double Score, double MeanCost, double SpeedRatio, IReadOnlyList<AlignedFramePair> Alignment)
{
    public bool Overlaps(SegmentMatch other) =>
        VideoId == other.VideoId && Person == other.Person && StartFrame <= other.EndFrame && other.StartFrame <= EndFrame;
}
