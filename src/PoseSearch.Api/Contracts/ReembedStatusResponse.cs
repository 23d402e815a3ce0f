namespace PoseSearch.Api.Contracts;

/// <summary>
/// A re-embedding run: state (running, done, failed), poses done of total, the rate since it started
/// (poses/s) and the time left at that rate, the error of a failed run.
/// </summary>
public sealed record ReembedStatusResponse(
    long Id,
    string Collection,
    string Model,
    string ModelSha256,
    string State,
    long Done,
    long Total,
    double? PosesPerSecond,
    double? EtaSeconds,
    string? Error,
    DateTime StartedAt,
    DateTime UpdatedAt,
    DateTime? FinishedAt);
