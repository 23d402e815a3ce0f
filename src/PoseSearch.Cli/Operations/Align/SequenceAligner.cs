using PoseSearch.Core.IO;
using PoseSearch.Core.Scoring;
using PoseSearch.Core.Sequences;
using PoseSearch.Embedding;

namespace PoseSearch.Cli.Operations.Align;

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
    public required IReadOnlyList<AlignedFramePair> Path { get; init; }

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
/// Aligns two pose sequences by DTW under one frame distance (Core's <see cref="PoseSequenceAligner"/>,
/// shared with POST /v1/align): A is the query (every frame matched), B the reference (with
/// --subsequence, A is located in B). Frames without enough anchor joints are skipped. The
/// temporal distance runs on a temporal model's windows instead of single frames.
/// </summary>
internal static class SequenceAligner
{
    public static IReadOnlyList<string> Distances => FrameDistanceIds.All;

    /// <summary>With a single-frame model: match-prob, mean-l2 or raw-2d.</summary>
    public static AlignmentOutcome Align(IReadOnlyList<SequenceFrame> a, IReadOnlyList<SequenceFrame> b, PoseEmbedder embedder, string distanceId, bool subsequence)
    {
        var distance = Parse(distanceId);
        if (distance == FrameDistanceKind.Temporal)
        {
            throw new Common.CliInputException("--distance temporal needs the temporal model (see the overload with a WindowEmbedder)");
        }

        return Align(a, b, usable =>
        {
            var batch = embedder.Embed(usable.Select(f => f.Pose).ToList());
            return AlignableSequence.FromFrames(usable, batch.Means, batch.Stddevs, batch.Dimension);
        }, embedder.MatchModel, distance, distanceId, subsequence);
    }

    /// <summary>
    /// With a temporal model: each usable frame is the window of T usable frames centred on it, the
    /// ends padded by repeating the first and last frame (Core's <see cref="CentredWindows"/>, as POST /v1/align).
    /// </summary>
    public static AlignmentOutcome AlignTemporal(IReadOnlyList<SequenceFrame> a, IReadOnlyList<SequenceFrame> b, WindowEmbedder embedder, bool subsequence) =>
        Align(a, b, usable =>
        {
            var windows = CentredWindows.Build(usable.Select(f => f.Pose).ToList(), embedder.Window.Length, embedder.Window.Stride);
            var batch = embedder.Embed(windows);
            return AlignableSequence.FromFrames(usable, batch.Means, batch.Stddevs, batch.Dimension);
        }, embedder.MatchModel, FrameDistanceKind.Temporal, FrameDistanceIds.Temporal, subsequence);

    public static FrameDistanceKind Parse(string distanceId) =>
        FrameDistanceIds.TryParse(distanceId, out var distance)
            ? distance
            : throw new Common.CliInputException($"--distance: unknown '{distanceId}' (expected {string.Join(", ", Distances)})");

    private static AlignmentOutcome Align(IReadOnlyList<SequenceFrame> a, IReadOnlyList<SequenceFrame> b, Func<List<SequenceFrame>, AlignableSequence> embed,
        MatchProbabilityModel scorer, FrameDistanceKind distance, string distanceId, bool subsequence)
    {
        var (usableA, skippedA) = UsableFrames.Split(a);
        var (usableB, skippedB) = UsableFrames.Split(b);
        if (usableA.Count == 0)
        {
            throw new Common.CliInputException("sequence A has no frame with enough visible anchor joints");
        }

        if (usableB.Count == 0)
        {
            throw new Common.CliInputException("sequence B has no frame with enough visible anchor joints");
        }

        var alignment = PoseSequenceAligner.Align(embed(usableA), embed(usableB), scorer, distance, subsequence);
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
            MeanProbability = alignment.MeanProbability,
            SpeedRatio = alignment.SpeedRatio,
            StartB = alignment.StartB,
            EndB = alignment.EndB,
            Path = alignment.Path,
            CostMatrix = alignment.CostMatrix,
            PathIndices = alignment.Indices.Path,
            UsableA = usableA.Count,
            UsableB = usableB.Count,
        };
    }
}
