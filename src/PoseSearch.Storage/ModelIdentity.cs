namespace PoseSearch.Storage;

/// <summary>
/// Which model a collection's embeddings come from. Embeddings of different models (even of the
/// same name, retrained) are not comparable, so the file hash is what identifies a model.
/// </summary>
public sealed record ModelIdentity(string Name, string Sha256, int EmbeddingDim);
