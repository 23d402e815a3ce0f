using PoseSearch.Storage;

namespace PoseSearch.Api.Serving;

/// <summary>
/// The models this process serves, keyed by their identity (name, sha256, D): the configured
/// default, which new collections are pinned to (<see cref="Default"/>), and any additional ones
/// (PoseSearch:Model:AdditionalPaths). Every collection records the model that embedded it, and
/// search and ingest use that one (<see cref="CollectionModels"/>), so collections of several
/// models keep working side by side in one service. Temporal models among the additional ones
/// (windows of frames) are held apart (<see cref="Temporal"/>): they serve the temporal frame
/// distance of alignment, never a collection or a single-pose request.
/// </summary>
public sealed class ModelRegistry : IDisposable
{
    private readonly Dictionary<string, ServedModel> _bySha;
    private readonly List<ServedWindowModel> _temporal = [];

    public ModelRegistry(ServedModel defaultModel, IEnumerable<ServedModel>? additional = null, IEnumerable<ServedWindowModel>? temporal = null)
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

        foreach (var model in temporal ?? [])
        {
            if (_temporal.Any(t => t.Card.Sha256 == model.Card.Sha256))
            {
                model.Dispose(); // the same file twice is served once
                continue;
            }

            _temporal.Add(model);
        }
    }

    /// <summary>The model of new collections, of /v1/embeddings, /v1/match and /v1/model.</summary>
    public ServedModel Default { get; }

    /// <summary>Every loaded model, the default first.</summary>
    public IReadOnlyCollection<ServedModel> All => _bySha.Values.OrderBy(m => m == Default ? 0 : 1).ToList();

    /// <summary>The loaded temporal models, in configuration order.</summary>
    public IReadOnlyList<ServedWindowModel> Temporal => _temporal;

    /// <summary>The temporal model of alignment: the first one configured, or null when none is loaded.</summary>
    public ServedWindowModel? DefaultTemporal => _temporal.Count > 0 ? _temporal[0] : null;

    /// <summary>
    /// Why no single-frame model answers to <paramref name="nameOrSha"/>: a temporal model of that name
    /// cannot hold a collection, anything else is not loaded. Lists the loaded single-frame models.
    /// </summary>
    public string NotASingleFrameModel(string nameOrSha)
    {
        var loaded = string.Join(", ", All.Select(m => m.Card.Name));
        return _temporal.Any(t => t.Card.Name == nameOrSha || t.Card.Sha256 == nameOrSha)
            ? $"'{nameOrSha}' is a temporal model (windows of frames): it aligns sequences but cannot embed a collection's poses (single-frame models: {loaded})"
            : $"no loaded model is called '{nameOrSha}' (loaded: {loaded})";
    }

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

        foreach (var model in _temporal)
        {
            model.Dispose();
        }
    }
}
