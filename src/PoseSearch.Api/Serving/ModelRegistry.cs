using PoseSearch.Storage;

namespace PoseSearch.Api.Serving;

/// <summary>
/// The models this process serves, keyed by their identity (name, sha256, D). Today one: the
/// configured model, which new collections are pinned to (<see cref="Default"/>). A collection
/// already knows the model that embedded it, so serving several side by side means loading more
/// here and resolving each collection's own with <see cref="Find"/>.
/// </summary>
public sealed class ModelRegistry : IDisposable
{
    private readonly Dictionary<ModelIdentity, ServedModel> _models;

    public ModelRegistry(ServedModel defaultModel)
    {
        ArgumentNullException.ThrowIfNull(defaultModel);
        Default = defaultModel;
        _models = new Dictionary<ModelIdentity, ServedModel> { [defaultModel.Identity] = defaultModel };
    }

    /// <summary>The model of new collections, of /v1/embeddings, /v1/match and /v1/model.</summary>
    public ServedModel Default { get; }

    public IReadOnlyCollection<ServedModel> All => _models.Values;

    /// <summary>The loaded model with this identity, or null when it is not loaded.</summary>
    public ServedModel? Find(ModelIdentity identity) => _models.GetValueOrDefault(identity);

    public void Dispose()
    {
        foreach (var model in _models.Values)
        {
            model.Dispose();
        }
    }
}
