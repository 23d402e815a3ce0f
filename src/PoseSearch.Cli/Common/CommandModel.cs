using Microsoft.Extensions.Logging.Abstractions;
using PoseSearch.Embedding;

namespace PoseSearch.Cli.Common;

/// <summary>Loads the ONNX model the way every command runs it: one inter-op thread, no log.</summary>
internal static class CommandModel
{
    /// <param name="path">Model folder or .onnx; null takes the default (onnx-models/prvipe-v2-int8, else prvipe-v2, else prvipe-occlusion-v1, else random-tiny).</param>
    /// <param name="threads">Intra-op threads.</param>
    /// <param name="maxBatch">The most poses per model run.</param>
    public static PoseEmbedder Load(string? path, int threads, int maxBatch) =>
        PoseEmbedder.Load(new EmbeddingOptions
        {
            Path = path,
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            MaxInferenceBatchSize = maxBatch,
        }, NullLogger.Instance);

    /// <summary>A temporal model (windows of frames), for the temporal frame distance.</summary>
    /// <param name="path">Model folder or .onnx; null takes onnx-models/prvipe-temporal-v1.</param>
    /// <exception cref="CliInputException">No such model, or a single-frame model.</exception>
    public static WindowEmbedder LoadTemporal(string? path, int threads, int maxBatch)
    {
        var options = new EmbeddingOptions
        {
            Path = path ?? ModelLocator.Resolve(null, ModelLocator.DefaultSearchStarts(), ModelLocator.DefaultTemporalModelNames),
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            MaxInferenceBatchSize = maxBatch,
        };
        try
        {
            return WindowEmbedder.Load(options, NullLogger.Instance);
        }
        catch (ModelContractException e)
        {
            throw new CliInputException($"--temporal-model: {string.Join("; ", e.Problems)}");
        }
    }
}
