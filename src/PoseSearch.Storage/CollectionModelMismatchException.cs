namespace PoseSearch.Storage;

/// <summary>
/// The collection was embedded with another model than the one loaded; mixing or comparing
/// embeddings of two models would give meaningless rankings.
/// </summary>
public sealed class CollectionModelMismatchException(string collection, string storedModel, string storedSha, ModelIdentity loaded)
    : Exception(
        $"collection '{collection}' was embedded with model '{storedModel}' (sha256 {storedSha[..Math.Min(12, storedSha.Length)]}), " +
        $"but the service runs '{loaded.Name}' (sha256 {loaded.Sha256[..Math.Min(12, loaded.Sha256.Length)]}); " +
        "re-create the collection with the loaded model")
{
    public string CollectionName { get; } = collection;
}
