using System.Threading.Channels;

namespace PoseSearch.Embedding;

/// <summary>
/// The queue in front of one model (poses for <see cref="MicroBatchingEmbedder"/>, windows for
/// <see cref="WindowBatchingEmbedder"/>); an item is one input row of the model.
/// Every model run of the service goes through here: the embeddings of concurrent requests are
/// coalesced into one model run. A single worker thread takes every request waiting when it
/// becomes free (up to the configured inference batch of poses; a request of more poses runs
/// alone, in chunks) and runs them together, so nothing ever waits for a timer: alone, a request
/// runs at once; under load, the poses that queued during the previous run share the next one.
/// Request threads never run the model: they queue and await. One run of 16 poses costs little more than one of a single pose (the weights are
/// read once per run, and a matrix product replaces 16 vector products), which is what lets a
/// 2-core server answer many concurrent searches (docs/performance.md).
/// </summary>
public sealed class MicroBatchQueue<TItem> : IDisposable
{
    private long _queued; // this instance, for its limit

    private readonly Func<IReadOnlyList<TItem>, EmbeddingBatch> _run;
    private readonly int _dimension;
    private readonly int _maxBatch;
    private readonly int _maxQueue;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread _worker;

    /// <param name="run">One model run of the items, in order (the embedder's Embed).</param>
    /// <param name="dimension">D of the model's embeddings.</param>
    /// <param name="maxQueue">Most items waiting for the model (0: no limit); beyond it <see cref="EmbedAsync"/> throws <see cref="MicroBatchingEmbedder.ModelBusyException"/>.</param>
    public MicroBatchQueue(Func<IReadOnlyList<TItem>, EmbeddingBatch> run, int dimension, int maxBatch, int maxQueue = 0)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatch);
        ArgumentOutOfRangeException.ThrowIfNegative(maxQueue);
        _run = run;
        _dimension = dimension;
        _maxBatch = maxBatch;
        _maxQueue = maxQueue;
        // A thread of its own: the model run is synchronous CPU work that must not hold a thread-pool thread.
        _worker = new Thread(Work) { IsBackground = true, Name = "posesearch-embedding-batcher" };
        _worker.Start();
    }

    /// <summary>
    /// The embeddings of several items (a request's batch), in order. They wait in the queue as one
    /// entry and run in the same model run (in chunks of the inference batch when larger).
    /// </summary>
    /// <exception cref="ObjectDisposedException">The embedder was disposed.</exception>
    /// <exception cref="MicroBatchingEmbedder.ModelBusyException">The queue holds its maximum already.</exception>
    public Task<EmbeddingBatch> EmbedAsync(IReadOnlyList<TItem> poses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(poses);
        if (poses.Count == 0)
        {
            return Task.FromResult(new EmbeddingBatch(0, _dimension, [], []));
        }

        // Refused only when the queue is full already, so that a request larger than the limit still runs.
        var queuedBefore = Interlocked.Add(ref _queued, poses.Count) - poses.Count;
        if (_maxQueue > 0 && queuedBefore >= _maxQueue)
        {
            Interlocked.Add(ref _queued, -poses.Count);
            throw new MicroBatchingEmbedder.ModelBusyException(_maxQueue);
        }

        EmbeddingQueueMetrics.AddQueued(poses.Count);

        var pending = new Pending(poses, new TaskCompletionSource<EmbeddingBatch>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Add(ref _queued, -poses.Count);
            EmbeddingQueueMetrics.AddQueued(-poses.Count);
            throw new ObjectDisposedException(nameof(MicroBatchQueue<TItem>));
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
        var batch = new List<Pending>();
        var poses = new List<TItem>(_maxBatch);
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
            EmbeddingQueueMetrics.AddQueued(-poses.Count);
            EmbeddingQueueMetrics.BatchSizes.Record(poses.Count);
            try
            {
                Complete(batch, _run(poses));
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
            pending.Result.TrySetResult(_run(pending.Poses));
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

    private sealed record Pending(IReadOnlyList<TItem> Poses, TaskCompletionSource<EmbeddingBatch> Result);
}
