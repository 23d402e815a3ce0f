using PoseSearch.Cli.Evaluation.Sequences;
using PoseSearch.Core.IO;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Normalization;
using PoseSearch.Core.Sequences;
using PoseSearch.Embedding;

namespace PoseSearch.Cli.Operations.Align;

/// <summary>One matched pair on the path: frame numbers as in the files, and their match probability.</summary>
internal sealed record AlignedPair(long FrameA, long FrameB, double Probability, double Cost);

/// <summary>What `posesearch align` found.</summary>
internal sealed record AlignmentOutcome
{
    public required string Distance { get; init; }
    public required bool Subsequence { get; init; }
    public required int FramesA { get; init; }
    public required int FramesB { get; init; }
    /// <summary>Frames left out because their pose cannot be normalized (too few visible anchor joints).</summary>
    public required IReadOnlyList<long> SkippedA { get; init; }
    public required IReadOnlyList<long> SkippedB { get; init; }
    public required double TotalCost { get; init; }
    public required double MeanCost { get; init; }
    public required double MeanProbability { get; init; }
    /// <summary>Frames of B per frame of A over the matched stretch (2 = B moves at half A's speed).</summary>
    public required double SpeedRatio { get; init; }
    public required long StartB { get; init; }
    public required long EndB { get; init; }
    public required IReadOnlyList<AlignedPair> Path { get; init; }

    /// <summary>A x B costs of the usable frames, for the plot (not written to JSON).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public float[] CostMatrix { get; init; } = [];

    /// <summary>The path in usable-frame indices (rows of A, columns of B of <see cref="CostMatrix"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<(int Query, int Reference)> PathIndices { get; init; } = [];

    [System.Text.Json.Serialization.JsonIgnore]
    public int UsableA { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public int UsableB { get; init; }
}

/// <summary>
/// Aligns two pose sequences by DTW (<see cref="DynamicTimeWarping"/>) under one frame distance:
/// A is the query (every frame matched), B the reference (with --subsequence, A is located in B).
/// </summary>
internal static class SequenceAligner
{
    public static IReadOnlyList<string> Distances { get; } = ["match-prob", "mean-l2", "raw-2d"];

    public static AlignmentOutcome Align(IReadOnlyList<SequenceFrame> a, IReadOnlyList<SequenceFrame> b, PoseEmbedder embedder, string distanceId, bool subsequence)
    {
        var (usableA, skippedA) = Usable(a);
        var (usableB, skippedB) = Usable(b);
        if (usableA.Count == 0)
        {
            throw new Common.CliInputException("sequence A has no frame with enough visible anchor joints");
        }

        if (usableB.Count == 0)
        {
            throw new Common.CliInputException("sequence B has no frame with enough visible anchor joints");
        }

        IFrameDistance distance = distanceId switch
        {
            "match-prob" => new MatchProbabilityDistance(embedder),
            "mean-l2" => new EmbeddingMeanDistance(embedder),
            "raw-2d" => new RawKeypointDistance(),
            _ => throw new Common.CliInputException($"--distance: unknown '{distanceId}' (expected {string.Join(", ", Distances)})"),
        };
        var cost = distance.Costs(Stack(usableA), Stack(usableB));
        var alignment = DynamicTimeWarping.Align(cost, usableA.Count, usableB.Count, subsequence);

        // The probability along the path is always the model's, whatever distance drove the alignment.
        var probabilities = distanceId == "match-prob" ? cost : MatchProbabilityCosts(embedder, usableA, usableB);
        var path = alignment.Path.Select(p => new AlignedPair(usableA[p.Query].Frame, usableB[p.Reference].Frame,
            Math.Exp(-probabilities[p.Query * usableB.Count + p.Reference]), cost[p.Query * usableB.Count + p.Reference])).ToArray();
        return new AlignmentOutcome
        {
            Distance = distanceId,
            Subsequence = subsequence,
            FramesA = a.Count,
            FramesB = b.Count,
            SkippedA = skippedA,
            SkippedB = skippedB,
            TotalCost = alignment.TotalCost,
            MeanCost = alignment.MeanCost,
            MeanProbability = path.Average(p => p.Probability),
            SpeedRatio = alignment.SpeedRatio,
            StartB = usableB[alignment.ReferenceStart].Frame,
            EndB = usableB[alignment.ReferenceEnd].Frame,
            Path = path,
            CostMatrix = cost,
            PathIndices = alignment.Path,
            UsableA = usableA.Count,
            UsableB = usableB.Count,
        };
    }

    private static float[] MatchProbabilityCosts(PoseEmbedder embedder, List<SequenceFrame> a, List<SequenceFrame> b) =>
        new MatchProbabilityDistance(embedder).Costs(Stack(a), Stack(b));

    private static (List<SequenceFrame> Usable, List<long> Skipped) Usable(IReadOnlyList<SequenceFrame> frames)
    {
        var usable = new List<SequenceFrame>();
        var skipped = new List<long>();
        var scratch = new float[ModelJoints.CoordinateCount];
        foreach (var frame in frames)
        {
            if (PoseNormalizer2D.TryNormalize(frame.Pose.Coordinates, frame.Pose.Visibility, scratch))
            {
                usable.Add(frame);
            }
            else
            {
                skipped.Add(frame.Frame);
            }
        }
        return (usable, skipped);
    }

    private static (float[] Keypoints, float[] Visibility) Stack(List<SequenceFrame> frames)
    {
        var keypoints = new float[frames.Count * ModelJoints.CoordinateCount];
        var visibility = new float[frames.Count * ModelJoints.Count];
        for (var i = 0; i < frames.Count; i++)
        {
            frames[i].Pose.Coordinates.CopyTo(keypoints.AsSpan(i * ModelJoints.CoordinateCount));
            frames[i].Pose.Visibility.CopyTo(visibility.AsSpan(i * ModelJoints.Count));
        }
        return (keypoints, visibility);
    }
}
