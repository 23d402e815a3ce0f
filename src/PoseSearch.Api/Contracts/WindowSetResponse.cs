namespace PoseSearch.Api.Contracts;

/// <summary>
/// A collection's temporal windows: the temporal model that built them, how many, the collection's pose
/// count when they were built, when, and whether poses were ingested, replaced or deleted since
/// (stale: rebuild with POST /v1/collections/{name}/windows).
/// </summary>
public sealed record WindowSetResponse(
    string Collection, string Model, string ModelSha256, long WindowCount, long PoseCount, DateTime BuiltAt, bool Stale);
