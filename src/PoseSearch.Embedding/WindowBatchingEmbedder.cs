using PoseSearch.Core.Sequences;

namespace PoseSearch.Embedding;

/// <summary>
/// The queue in front of a temporal model, as <see cref="MicroBatchingEmbedder"/> is for a
/// single-frame one: the windows of concurrent requests share model runs, and request threads
/// never run the model.
/// </summary>
public sealed class WindowBatchingEmbedder : IDisposable
{
    private readonly MicroBatchQueue<PoseWindow> _queue;

    /// <param name="maxQueue">Most windows waiting for the model (0: no limit); beyond it <see cref="EmbedAsync"/> throws <see cref="MicroBatchingEmbedder.ModelBusyException"/>.</param>
    public WindowBatchingEmbedder(WindowEmbedder embedder, int maxBatch, int maxQueue = 0)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        Embedder = embedder;
        _queue = new MicroBatchQueue<PoseWindow>(embedder.Embed, embedder.Dimension, maxBatch, maxQueue);
    }

    /// <summary>The model this batcher runs.</summary>
    public WindowEmbedder Embedder { get; }

    /// <summary>The embeddings of a request's windows (T frames each), in order, as one queue entry.</summary>
    /// <exception cref="ObjectDisposedException">The embedder was disposed.</exception>
    /// <exception cref="MicroBatchingEmbedder.ModelBusyException">The queue holds its maximum already.</exception>
    public Task<EmbeddingBatch> EmbedAsync(IReadOnlyList<PoseWindow> windows, CancellationToken cancellationToken = default) =>
        _queue.EmbedAsync(windows, cancellationToken);

    /// <summary>Stops the worker after the queued runs (the session stays open: its owner closes it).</summary>
    public void Dispose() => _queue.Dispose();
}
