namespace PoseSearch.Storage;

/// <summary>
/// What a client knows about where a pose comes from. <see cref="ExtraJson"/> is free JSON
/// (an object), stored as jsonb and usable as a containment filter in searches.
/// </summary>
public sealed record PoseMetadata(
    string? VideoId = null,
    int? Frame = null,
    double? TimestampSeconds = null,
    int? Person = null,
    string? ExtraJson = null)
{
    public static PoseMetadata Empty { get; } = new();
}
