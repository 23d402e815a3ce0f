namespace PoseSearch.Core.Sequences;

/// <summary>What <see cref="PoseSequenceAligner"/> found: the path in frame numbers with a probability per pair, and its summary.</summary>
public sealed class PoseSequenceAlignment
{
    public required FrameDistanceKind Distance { get; init; }

    public required bool Subsequence { get; init; }

    /// <summary>The path in the sequences' frame numbers, in time order.</summary>
    public required IReadOnlyList<AlignedFramePair> Path { get; init; }

    /// <summary>The path in usable-frame indices (rows of A, columns of B of <see cref="CostMatrix"/>), and the DTW totals.</summary>
    public required SequenceAlignment Indices { get; init; }

    /// <summary>A x B costs of the distance used, row-major.</summary>
    public required float[] CostMatrix { get; init; }

    public double TotalCost => Indices.TotalCost;

    public double MeanCost => Indices.MeanCost;

    /// <summary>Mean match probability along the path (the model's, whatever distance drove the alignment).</summary>
    public double MeanProbability => Path.Average(p => p.Probability);

    /// <summary>Usable frames of B per usable frame of A over the matched stretch (2 = B moves at half A's speed).</summary>
    public double SpeedRatio => Indices.SpeedRatio;

    /// <summary>Frame number of the first frame of B on the path.</summary>
    public long StartB => Path[0].FrameB;

    /// <summary>Frame number of the last frame of B on the path.</summary>
    public long EndB => Path[^1].FrameB;
}
