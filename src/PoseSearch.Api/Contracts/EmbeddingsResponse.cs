namespace PoseSearch.Api.Contracts;

/// <summary>One embedding per request pose, in request order.</summary>
public sealed record EmbeddingsResponse(string Model, int EmbeddingDim, IReadOnlyList<EmbeddingDto> Embeddings);
