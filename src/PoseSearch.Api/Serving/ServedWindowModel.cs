using PoseSearch.Core.Scoring;
using PoseSearch.Core.Sequences;
using PoseSearch.Embedding;

namespace PoseSearch.Api.Serving;

/// <summary>
/// A loaded temporal model (docs/model-contract.md, "Temporal model"): it embeds windows of T
/// frames, so it serves the temporal frame distance of alignment (POST /v1/align with distance
/// "temporal"), never single-pose search or a collection. Every run goes through its own queue.
/// </summary>
public sealed class ServedWindowModel : IDisposable
{
    private readonly WindowBatchingEmbedder _batcher;

    public ServedWindowModel(WindowBatchingEmbedder batcher, ModelLoadCost? loadCost = null)
    {
        ArgumentNullException.ThrowIfNull(batcher);
        _batcher = batcher;
        LoadCost = loadCost;
    }

    /// <summary>What loading it cost at start-up (time, resident memory), when measured.</summary>
    public ModelLoadCost? LoadCost { get; }

    public ModelCard Card => _batcher.Embedder.Card;

    /// <summary>T, stride and frame rate of the model's windows.</summary>
    public TemporalWindow Window => _batcher.Embedder.Window;

    public ExecutionProviderKind ExecutionProvider => _batcher.Embedder.ExecutionProvider;

    /// <summary>The match probability with this model's constants: compares two windows it embedded.</summary>
    public MatchProbabilityModel Scorer => _batcher.Embedder.MatchModel;

    /// <inheritdoc cref="WindowBatchingEmbedder.EmbedAsync"/>
    public Task<EmbeddingBatch> EmbedAsync(IReadOnlyList<PoseWindow> windows, CancellationToken cancellationToken) =>
        _batcher.EmbedAsync(windows, cancellationToken);

    /// <summary>Stops the queue's worker (after the queued runs), then closes the ONNX session.</summary>
    public void Dispose()
    {
        _batcher.Dispose();
        _batcher.Embedder.Dispose();
    }
}
