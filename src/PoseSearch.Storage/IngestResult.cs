namespace PoseSearch.Storage;

/// <summary>
/// Outcome of one ingest batch. Re-ingesting an external id replaces the stored pose (upsert);
/// an identical retry counts as unchanged and rewrites nothing.
/// </summary>
public sealed record IngestResult(int Inserted, int Updated, int Unchanged);
