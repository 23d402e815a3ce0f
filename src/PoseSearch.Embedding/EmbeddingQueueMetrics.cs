using System.Diagnostics.Metrics;

namespace PoseSearch.Embedding;

/// <summary>The meter of the model queues (every <see cref="MicroBatchQueue{TItem}"/> of the process): batch sizes and queue depth, exported on /metrics.</summary>
internal static class EmbeddingQueueMetrics
{
    private static readonly Meter Meter = new(MicroBatchingEmbedder.MeterName);

    private static long _queuedInProcess;

    static EmbeddingQueueMetrics()
    {
        Meter.CreateObservableGauge("posesearch.model.queue_depth", () => Interlocked.Read(ref _queuedInProcess), "{pose}", "Poses (or windows) waiting for a model");
    }

    public static Histogram<int> BatchSizes { get; } = Meter.CreateHistogram<int>(
        "posesearch.model.batch_size", "{pose}", "Poses (or windows) per model run of a batcher",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });

    public static void AddQueued(int count) => Interlocked.Add(ref _queuedInProcess, count);
}
