namespace PoseSearch.Core.Sequences;

/// <summary>One matched pair on a warping path: frame numbers as given, their match probability and the cost of the distance used.</summary>
public sealed record AlignedFramePair(long FrameA, long FrameB, double Probability, double Cost);
