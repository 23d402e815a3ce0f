namespace PoseSearch.Api.Contracts;

/// <summary>
/// Ingest is an upsert on (collection, id): new ids are inserted, known ids with different
/// content are replaced (updated), known ids with identical content are left alone (unchanged).
/// </summary>
public sealed record IngestResponse(int Inserted, int Updated, int Unchanged);
