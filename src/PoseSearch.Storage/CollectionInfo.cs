namespace PoseSearch.Storage;

/// <summary>A collection as stored, with its current number of poses.</summary>
public sealed record CollectionInfo(
    string Name,
    string? Description,
    string ModelName,
    string ModelSha256,
    int EmbeddingDim,
    long PoseCount,
    DateTime CreatedAt);
