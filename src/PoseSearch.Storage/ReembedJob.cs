namespace PoseSearch.Storage;

/// <summary>One re-embedding run of a collection (table reembed_jobs), as its status resource shows it.</summary>
public sealed record ReembedJob
{
    public required long Id { get; init; }
    public required string Collection { get; init; }
    public required string ModelName { get; init; }
    public required string ModelSha256 { get; init; }
    /// <summary>running, done or failed.</summary>
    public required string State { get; init; }
    public required long Total { get; init; }
    public required long Done { get; init; }
    public string? Error { get; init; }
    public required DateTime StartedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }
    public DateTime? FinishedAt { get; init; }

    internal long SourceCollectionId { get; init; }
    internal long ShadowCollectionId { get; init; }
    internal long LastPoseId { get; init; }
}

/// <summary>The new model's embedding of a batch of stored poses: N x 26 keypoints, N x 13 visibility -> N x D means and stddevs.</summary>
public delegate Task<(float[] Means, float[] Stddevs)> BatchEmbedder(float[] keypoints, float[] visibility, int count, CancellationToken cancellationToken);

/// <summary>The collection is being re-embedded with another model than the one asked for.</summary>
public sealed class ReembedConflictException(string message) : Exception(message);
