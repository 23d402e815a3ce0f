using System.Diagnostics.Metrics;
using System.Threading.Channels;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Embedding;

/// <summary>
/// Every model run of the service goes through here: the embeddings of concurrent requests are
/// coalesced into one model run. A single worker thread takes every request waiting when it
/// becomes free (up to the configured inference batch of poses; a request of more poses runs
/// alone, in chunks) and runs them together, so nothing ever waits for a timer: alone, a request
/// runs at once; under load, the poses that queued during the previous run share the next one.
/// Request threads never run the model: they queue and await. One run of 16 poses costs little more than one of a single pose (the weights are
/// read once per run, and a matrix product replaces 16 vector products), which is what lets a
/// 2-core server answer many concurrent searches (docs/performance.md).
/// </summary>
public sealed class MicroBatchingEmbedder : IDisposable
{
    /// <summary>The meter of the model queue: batch sizes and queue depth (exported on /metrics).</summary>
    public const string MeterName = "PoseSearch.Embedding";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<int> BatchSizes = Meter.CreateHistogram<int>(
        "posesearch.model.batch_size", "{pose}", "Poses per model run of the batcher",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });

    private static long _queuedInProcess; // every instance, for the gauge

    private long _queued; // this instance, for its limit

    static MicroBatchingEmbedder()
    {
        Meter.CreateObservableGauge("posesearch.model.queue_depth", () => Interlocked.Read(ref _queuedInProcess), "{pose}", "Poses waiting for the model");
    }

    private readonly PoseEmbedder _embedder;
    private readonly int _maxBatch;
    private readonly int _maxQueue;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread _worker;

    /// <param name="maxQueue">Most poses waiting for the model (0: no limit); beyond it <see cref="EmbedAsync"/> throws <see cref="ModelBusyException"/>.</param>
    public MicroBatchingEmbedder(PoseEmbedder embedder, int maxBatch, int maxQueue = 0)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatch);
        ArgumentOutOfRangeException.ThrowIfNegative(maxQueue);
        _embedder = embedder;
        _maxBatch = maxBatch;
        _maxQueue = maxQueue;
        // A thread of its own: the model run is synchronous CPU work that must not hold a thread-pool thread.
        _worker = new Thread(Work) { IsBackground = true, Name = "posesearch-embedding-batcher" };
        _worker.Start();
    }

    /// <summary>The model this batcher runs.</summary>
    public PoseEmbedder Embedder => _embedder;

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
    public Task<EmbeddingBatch> EmbedAsync(IReadOnlyList<ModelPose> poses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(poses);
        if (poses.Count == 0)
        {
            return Task.FromResult(new EmbeddingBatch(0, _embedder.Dimension, [], []));
        }

        // Refused only when the queue is full already, so that a request larger than the limit still runs.
        var queuedBefore = Interlocked.Add(ref _queued, poses.Count) - poses.Count;
        if (_maxQueue > 0 && queuedBefore >= _maxQueue)
        {
            Interlocked.Add(ref _queued, -poses.Count);
            throw new ModelBusyException(_maxQueue);
        }

        Interlocked.Add(ref _queuedInProcess, poses.Count);

        var pending = new Pending(poses, new TaskCompletionSource<EmbeddingBatch>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Add(ref _queued, -poses.Count);
            Interlocked.Add(ref _queuedInProcess, -poses.Count);
            throw new ObjectDisposedException(nameof(MicroBatchingEmbedder));
        }

        return pending.Result.Task.WaitAsync(cancellationToken);
    }

    // A batch of one: its arrays are exactly the pose's D values.
    private static async Task<(float[] Mean, float[] Stddev)> OnlyRow(Task<EmbeddingBatch> batch)
    {
        var embedded = await batch.ConfigureAwait(false);
        return (embedded.Means, embedded.Stddevs);
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _worker.Join();
    }

    private void Work()
    {
        var batch = new List<Pending>();
        var poses = new List<ModelPose>(_maxBatch);
        var reader = _queue.Reader;
        Pending? carried = null; // taken from the queue but too large to join the last run
        while (carried is not null || reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            poses.Clear();
            while (poses.Count < _maxBatch && (carried is not null || reader.TryRead(out carried)))
            {
                if (batch.Count > 0 && poses.Count + carried.Poses.Count > _maxBatch)
                {
                    break; // runs next, leading its own run
                }

                batch.Add(carried);
                poses.AddRange(carried.Poses);
                carried = null;
            }

            Interlocked.Add(ref _queued, -poses.Count);
            Interlocked.Add(ref _queuedInProcess, -poses.Count);
            BatchSizes.Record(poses.Count);
            try
            {
                Complete(batch, _embedder.Embed(poses));
            }
            catch (Exception) when (batch.Count > 1)
            {
                // One request's poses must not fail the others that shared its run: each runs alone.
                foreach (var pending in batch)
                {
                    RunAlone(pending);
                }
            }
            catch (Exception e)
            {
                batch[0].Result.TrySetException(e);
            }
        }
    }

    private void RunAlone(Pending pending)
    {
        try
        {
            pending.Result.TrySetResult(_embedder.Embed(pending.Poses));
        }
        catch (Exception e)
        {
            pending.Result.TrySetException(e);
        }
    }

    /// <summary>Hands each request its rows of the run, in queue order.</summary>
    private static void Complete(List<Pending> batch, EmbeddingBatch embedded)
    {
        if (batch.Count == 1)
        {
            batch[0].Result.TrySetResult(embedded);
            return;
        }

        var d = embedded.Dimension;
        var start = 0;
        foreach (var pending in batch)
        {
            var n = pending.Poses.Count;
            pending.Result.TrySetResult(new EmbeddingBatch(
                n, d, embedded.Means.AsSpan(start * d, n * d).ToArray(), embedded.Stddevs.AsSpan(start * d, n * d).ToArray()));
            start += n;
        }
    }

    /// <summary>The model's queue is full: the caller should answer 503 and let the client retry.</summary>
    public sealed class ModelBusyException(int maxQueue)
        : InvalidOperationException($"the model queue holds its maximum of {maxQueue} poses; retry shortly");

    private sealed record Pending(IReadOnlyList<ModelPose> Poses, TaskCompletionSource<EmbeddingBatch> Result);
}
