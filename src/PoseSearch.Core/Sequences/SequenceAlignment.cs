namespace PoseSearch.Core.Sequences;

/// <summary>
/// The result of <see cref="DynamicTimeWarping"/>: the warping path as (query frame, reference
/// frame) pairs in time order, its total cost, and what follows from them.
/// </summary>
public sealed class SequenceAlignment
{
    public SequenceAlignment(IReadOnlyList<(int Query, int Reference)> path, double totalCost, int queryLength)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Count == 0)
        {
            throw new ArgumentException("a warping path has at least one step", nameof(path));
        }

        Path = path;
        TotalCost = totalCost;
        QueryLength = queryLength;
    }

    public IReadOnlyList<(int Query, int Reference)> Path { get; }

    /// <summary>Sum of the frame costs along the path.</summary>
    public double TotalCost { get; }

    /// <summary>Total cost over path length: comparable between alignments of different lengths.</summary>
    public double MeanCost => TotalCost / Path.Count;

    public int QueryLength { get; }

    /// <summary>First reference frame on the path (0 for a full alignment).</summary>
    public int ReferenceStart => Path[0].Reference;

    /// <summary>Last reference frame on the path.</summary>
    public int ReferenceEnd => Path[^1].Reference;

    /// <summary>
    /// Reference frames per query frame over the matched stretch: 2 means the reference performs
    /// the movement at half the query's speed (it takes twice as many frames).
    /// </summary>
    public double SpeedRatio => (ReferenceEnd - ReferenceStart + 1) / (double)QueryLength;

    /// <summary>For each query frame, the mean reference frame it is matched to on the path.</summary>
    public double[] ReferenceFrameOfEachQueryFrame()
    {
        var sum = new double[QueryLength];
        var count = new int[QueryLength];
        foreach (var (query, reference) in Path)
        {
            sum[query] += reference;
            count[query]++;
        }
        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] /= count[i];
        }

        return sum;
    }
}
