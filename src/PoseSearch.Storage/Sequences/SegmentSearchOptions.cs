namespace PoseSearch.Storage.Sequences;

/// <summary>How <see cref="SegmentSearch"/> shortlists and verifies; the defaults are what the service uses.</summary>
public sealed record SegmentSearchOptions
{
    /// <summary>Segments returned.</summary>
    public int K { get; init; } = 5;

    /// <summary>Evenly spaced query frames searched through the index.</summary>
    public int ShortlistFrames { get; init; } = 5;

    /// <summary>Hits kept per searched query frame.</summary>
    public int CandidatesPerFrame { get; init; } = 50;

    /// <summary>
    /// How many times slower or faster than the query a stored performance may be: a candidate at
    /// query frame q opens a window reaching this many times the query's frames before and after q,
    /// and a segment shorter than the query's frame span divided by it is not a performance of it.
    /// </summary>
    public double MaxTempoRatio { get; init; } = 2.0;

    /// <summary>Frames added on each side of a window.</summary>
    public int MarginFrames { get; init; } = 10;

    /// <summary>Longest window verified; overlapping windows are merged up to it.</summary>
    public int MaxWindowFrames { get; init; } = 2_000;

    /// <summary>Windows verified by DTW, the best supported first.</summary>
    public int MaxWindows { get; init; } = 32;
}
