using PoseSearch.Core.Keypoints;

namespace PoseSearch.Embedding;

/// <summary>
/// Every run of a single-frame model in the service goes through here: the poses of concurrent
/// requests are coalesced into one model run by a <see cref="MicroBatchQueue{TItem}"/> (one worker
/// thread; nothing waits for a timer). Request threads never run the model: they queue and await.
/// One run of 16 poses costs little more than one of a single pose (the weights are read once per
/// run, and a matrix product replaces 16 vector products), which is what lets a 2-core server
/// answer many concurrent searches (docs/performance.md).
/// </summary>
public sealed class MicroBatchingEmbedder : IDisposable
{
    /// <summary>The meter of the model queues: batch sizes and queue depth (exported on /metrics).</summary>
    public const string MeterName = "PoseSearch.Embedding";

    private readonly MicroBatchQueue<ModelPose> _queue;

    /// <param name="maxQueue">Most poses waiting for the model (0: no limit); beyond it <see cref="EmbedAsync(IReadOnlyList{ModelPose}, CancellationToken)"/> throws <see cref="ModelBusyException"/>.</param>
    public MicroBatchingEmbedder(PoseEmbedder embedder, int maxBatch, int maxQueue = 0)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        Embedder = embedder;
        _queue = new MicroBatchQueue<ModelPose>(embedder.Embed, embedder.Dimension, maxBatch, maxQueue);
    }

    /// <summary>The model this batcher runs.</summary>
    public PoseEmbedder Embedder { get; }

    /// <summary>The embedding (mean, stddev; D values each) of one pose already in the model's joints.</summary>
    /// <exception cref="ObjectDisposedException">The embedder was disposed.</exception>
    /// <exception cref="ModelBusyException">The queue holds its maximum already.</exception>
    public Task<(float[] Mean, float[] Stddev)> EmbedAsync(ModelPose pose, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pose);
        return OnlyRow(EmbedAsync([pose], cancellationToken)); // a full queue throws here, not in the task
    }

    /// <summary>
    /// The embeddings of several poses (a request's batch), in order. They wait in the queue as one
    /// entry and run in the same model run (in chunks of the inference batch when larger).
    /// </summary>
    /// <exception cref="ObjectDisposedException">The embedder was disposed.</exception>
    /// <exception cref="ModelBusyException">The queue holds its maximum already.</exception>
    public Task<EmbeddingBatch> EmbedAsync(IReadOnlyList<ModelPose> poses, CancellationToken cancellationToken = default) =>
        _queue.EmbedAsync(poses, cancellationToken);

    // A batch of one: its arrays are exactly the pose's D values.
    private static async Task<(float[] Mean, float[] Stddev)> OnlyRow(Task<EmbeddingBatch> batch)
    {
        var embedded = await batch.ConfigureAwait(false);
        return (embedded.Means, embedded.Stddevs);
    }

    /// <summary>Stops the worker after the queued runs (the session stays open: its owner closes it).</summary>
    public void Dispose() => _queue.Dispose();

    /// <summary>The model's queue is full: the caller should answer 503 and let the client retry.</summary>
    public sealed class ModelBusyException(int maxQueue)
        : InvalidOperationException($"the model queue holds its maximum of {maxQueue} poses; retry shortly");
}
