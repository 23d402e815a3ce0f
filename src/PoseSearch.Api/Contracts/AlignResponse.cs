namespace PoseSearch.Api.Contracts;

/// <summary>
/// The DTW alignment of A with B: the path, its total and mean cost, the mean match probability
/// along it, the speed ratio (frames of B per frame of A over the matched stretch: 2 = B moves at
/// half A's speed), the matched stretch of B and the frames skipped for want of anchor joints.
/// </summary>
public sealed record AlignResponse(
    string Model,
    string Distance,
    bool Subsequence,
    int FramesA,
    int FramesB,
    IReadOnlyList<long> SkippedA,
    IReadOnlyList<long> SkippedB,
    double TotalCost,
    double MeanCost,
    double MeanProbability,
    double SpeedRatio,
    long StartB,
    long EndB,
    IReadOnlyList<AlignedPairDto> Path);
