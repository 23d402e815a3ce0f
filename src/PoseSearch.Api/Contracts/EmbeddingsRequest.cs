namespace PoseSearch.Api.Contracts;

public sealed record EmbeddingsRequest(IReadOnlyList<PoseDto?>? Poses);
