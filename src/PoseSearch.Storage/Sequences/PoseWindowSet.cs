namespace PoseSearch.Storage.Sequences;

/// <summary>
/// A collection's temporal windows: the model that built them, how many, and the collection's poses
/// when they were read (count and latest change). <see cref="Stale"/>: poses were ingested, replaced or
/// deleted since, so new frames have no window and deleted ones still have one until a rebuild.
/// </summary>
public sealed record PoseWindowSet(
    string ModelName, string ModelSha256, long WindowCount, long PoseCount, DateTime? PosesUpdatedAt, DateTime BuiltAt, bool Stale);
