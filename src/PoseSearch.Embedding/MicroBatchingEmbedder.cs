using System.Diagnostics.Metrics;
using System.Threading.Channels;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Embedding;

/// <summary>
/// Coalesces single-pose embeddings of concurrent requests into one model run. A single
/// worker thread takes every pose waiting when it becomes free (up to the configured inference
/// batch) and runs them together, so nothing ever waits for a timer: alone, a request runs at
/// once as a batch of one; under load, the poses that queued during the previous run share the
/// next one. One run of 16 poses costs little more than one of a single pose (the weights are
/// read once per run, and a matrix product replaces 16 vector products), which is what lets a
/// 2-core server answer many concurrent searches (docs/performance.md).
/// </summary>
public sealed class MicroBatchingEmbedder : IDisposable
{
    /// <summary>The meter of the model queue: batch sizes and queue depth (exported on /metrics).</summary>
    public const string MeterName = "PoseSearch.Embedding";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<int> BatchSizes = Meter.CreateHistogram<int>(
        "posesearch.model.batch_size", "{pose}", "Poses per model run of the search batcher",
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

    /// <summary>The embedding (mean, stddev; D values each) of one pose already in the model's joints.</summary>
    /// <exception cref="ObjectDisposedException">The embedder was disposed.</exception>
    /// <exception cref="ModelBusyException">The queue holds its maximum already.</exception>
    public Task<(float[] Mean, float[] Stddev)> EmbedAsync(ModelPose pose, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pose);
        if (Interlocked.Increment(ref _queued) > _maxQueue && _maxQueue > 0)
        {
            Interlocked.Decrement(ref _queued);
            throw new ModelBusyException(_maxQueue);
        }

        Interlocked.Increment(ref _queuedInProcess);

        var pending = new Pending(pose, new TaskCompletionSource<(float[], float[])>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Decrement(ref _queued);
            Interlocked.Decrement(ref _queuedInProcess);
            throw new ObjectDisposedException(nameof(MicroBatchingEmbedder));
        }

        return pending.Result.Task.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _worker.Join();
    }

    private void Work()
    {
        var batch = new List<Pending>(_maxBatch);
        var poses = new List<ModelPose>(_maxBatch);
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            poses.Clear();
            while (batch.Count < _maxBatch && reader.TryRead(out var pending))
            {
                batch.Add(pending);
                poses.Add(pending.Pose);
            }

            Interlocked.Add(ref _queued, -batch.Count);
            Interlocked.Add(ref _queuedInProcess, -batch.Count);
            BatchSizes.Record(batch.Count);
            try
            {
                var embedded = _embedder.Embed(poses);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Result.TrySetResult((embedded.Mean(i).ToArray(), embedded.Stddev(i).ToArray()));
                }
            }
            catch (Exception e)
            {
                foreach (var pending in batch)
                {
                    pending.Result.TrySetException(e);
                }
            }
        }
    }

    /// <summary>The model's queue is full: the caller should answer 503 and let the client retry.</summary>
    public sealed class ModelBusyException(int maxQueue)
        : InvalidOperationException($"the model queue holds its maximum of {maxQueue} poses; retry shortly");

    private sealed record Pending(ModelPose Pose, TaskCompletionSource<(float[] Mean, float[] Stddev)> Result);
}
