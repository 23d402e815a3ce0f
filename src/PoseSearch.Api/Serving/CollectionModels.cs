using System.Collections.Concurrent;
using PoseSearch.Storage;

namespace PoseSearch.Api.Serving;

/// <summary>
/// Which loaded model serves a collection: the one that embedded it (issue 13). The collection's
/// model is cached by name; a search or ingest that finds it changed (the collection re-created or
/// re-embedded) forgets it and asks again once (<see cref="RunAsync{T}"/>).
/// </summary>
public sealed class CollectionModels(ModelRegistry models, CollectionStore store)
{
    private readonly ConcurrentDictionary<string, ModelIdentity> _byCollection = new(StringComparer.Ordinal);

    /// <exception cref="CollectionNotFoundException"/>
    /// <exception cref="ModelNotLoadedException">The collection's model is not one this service loaded.</exception>
    public async Task<ServedModel> ForAsync(string collection, CancellationToken cancellationToken)
    {
        if (!_byCollection.TryGetValue(collection, out var identity))
        {
            identity = await store.GetModelAsync(collection, cancellationToken) ?? throw new CollectionNotFoundException(collection);
            _byCollection[collection] = identity;
        }

        return models.Find(identity) ?? throw new ModelNotLoadedException(collection, identity, models.All.Select(m => m.Card.Name).ToList());
    }

    public void Forget(string collection) => _byCollection.TryRemove(collection, out _);

    /// <summary>Runs <paramref name="action"/> with the collection's model, once more after a stale cache entry.</summary>
    public async Task<T> RunAsync<T>(string collection, Func<ServedModel, Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            return await action(await ForAsync(collection, cancellationToken));
        }
        catch (Exception e) when (e is CollectionModelMismatchException or CollectionNotFoundException && _byCollection.ContainsKey(collection))
        {
            Forget(collection);
            return await action(await ForAsync(collection, cancellationToken));
        }
    }
}

/// <summary>A collection was embedded with a model this service has not loaded (answered 409).</summary>
public sealed class ModelNotLoadedException(string collection, ModelIdentity model, IReadOnlyList<string> loaded) : Exception(
    $"collection '{collection}' was embedded with model '{model.Name}' (sha256 {model.Sha256[..12]}), which this service has not loaded " +
    $"(loaded: {string.Join(", ", loaded)}); add its folder to PoseSearch:Model:AdditionalPaths, or re-embed the collection " +
    $"(POST /v1/collections/{collection}/reembed)")
{
    public ModelIdentity Model { get; } = model;
}
