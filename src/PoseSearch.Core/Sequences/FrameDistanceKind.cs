namespace PoseSearch.Core.Sequences;

/// <summary>The frame distances an alignment can run on.</summary>
public enum FrameDistanceKind
{
    /// <summary>-ln p, p the learned match probability of the two frames' Gaussian embeddings.</summary>
    MatchProbability,

    /// <summary>L2 distance of the embedding means (the uncertainty ignored).</summary>
    MeanL2,

    /// <summary>L2 distance of the normalized 2D keypoints: the baseline without a model.</summary>
    Raw2D,

    /// <summary>
    /// -ln p of a temporal model: each frame stands for the window of T frames centred on it
    /// (<see cref="CentredWindows"/>), p the match probability of the two windows' embeddings.
    /// </summary>
    Temporal,
}

/// <summary>The ids clients and the CLI name the distances by ("match-prob", "mean-l2", "raw-2d", "temporal").</summary>
public static class FrameDistanceIds
{
    public const string MatchProbability = "match-prob";
    public const string MeanL2 = "mean-l2";
    public const string Raw2D = "raw-2d";
    public const string Temporal = "temporal";

    public static IReadOnlyList<string> All { get; } = [MatchProbability, MeanL2, Raw2D, Temporal];

    public static bool TryParse(string? id, out FrameDistanceKind kind)
    {
        (var known, kind) = id switch
        {
            MatchProbability => (true, FrameDistanceKind.MatchProbability),
            MeanL2 => (true, FrameDistanceKind.MeanL2),
            Raw2D => (true, FrameDistanceKind.Raw2D),
            Temporal => (true, FrameDistanceKind.Temporal),
            _ => (false, FrameDistanceKind.MatchProbability),
        };
        return known;
    }

    public static string Of(FrameDistanceKind kind) => kind switch
    {
        FrameDistanceKind.MatchProbability => MatchProbability,
        FrameDistanceKind.MeanL2 => MeanL2,
        FrameDistanceKind.Raw2D => Raw2D,
        FrameDistanceKind.Temporal => Temporal,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
