using PoseSearch.Storage;

namespace PoseSearch.Api.Serving;

/// <summary>
/// The models this process serves, keyed by their identity (name, sha256, D): the configured
/// default, which new collections are pinned to (<see cref="Default"/>), and any additional ones
/// (PoseSearch:Model:AdditionalPaths). Every collection records the model that embedded it, and
/// search and ingest use that one (<see cref="CollectionModels"/>), so collections of several
/// models keep working side by side in one service.
/// </summary>
public sealed class ModelRegistry : IDisposable
{
    private readonly Dictionary<string, ServedModel> _bySha;

    public ModelRegistry(ServedModel defaultModel, IEnumerable<ServedModel>? additional = null)
    {
        ArgumentNullException.ThrowIfNull(defaultModel);
        Default = defaultModel;
        _bySha = new Dictionary<string, ServedModel>(StringComparer.Ordinal) { [defaultModel.Identity.Sha256] = defaultModel };
        foreach (var model in additional ?? [])
        {
            if (model.Dimension != defaultModel.Dimension)
            {
                throw new InvalidOperationException(
                    $"model '{model.Card.Name}' has D = {model.Dimension}, the default '{defaultModel.Card.Name}' D = {defaultModel.Dimension}: the database stores one dimension");
            }

            // The same file twice (or the default again) is served once.
            _bySha.TryAdd(model.Identity.Sha256, model);
        }
    }

    /// <summary>The model of new collections, of /v1/embeddings, /v1/match and /v1/model.</summary>
    public ServedModel Default { get; }

    /// <summary>Every loaded model, the default first.</summary>
    public IReadOnlyCollection<ServedModel> All => _bySha.Values.OrderBy(m => m == Default ? 0 : 1).ToList();

    /// <summary>The loaded model with this identity, or null when it is not loaded.</summary>
    public ServedModel? Find(ModelIdentity identity) =>
        _bySha.TryGetValue(identity.Sha256, out var model) && model.Identity == identity ? model : null;

    /// <summary>A loaded model by its name or the SHA-256 of its model.onnx (or a unique prefix of 12+ hex digits).</summary>
    public ServedModel? FindByNameOrSha(string nameOrSha)
    {
        if (_bySha.TryGetValue(nameOrSha, out var exact))
        {
            return exact;
        }

        var matches = _bySha.Values.Where(m => m.Card.Name == nameOrSha || (nameOrSha.Length >= 12 && m.Identity.Sha256.StartsWith(nameOrSha, StringComparison.Ordinal))).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    public void Dispose()
    {
        foreach (var model in _bySha.Values)
        {
            model.Dispose();
        }
    }
}
