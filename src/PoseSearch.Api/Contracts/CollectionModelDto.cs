namespace PoseSearch.Api.Contracts;

/// <summary>The model a collection's poses were embedded with.</summary>
public sealed record CollectionModelDto(string Name, string Sha256, int EmbeddingDim);
