using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace PoseSearch.Embedding;

/// <summary>
/// Builds ONNX Runtime session options from <see cref="EmbeddingOptions"/>. CUDA is only
/// attempted in a build with the GPU runtime (POSESEARCH_GPU); anywhere else, or when CUDA
/// cannot start, the session runs on the CPU and says so in the log.
/// </summary>
public static class SessionOptionsFactory
{
    public static SessionOptions Create(EmbeddingOptions options, ILogger logger, out ExecutionProviderKind used)
    {
        var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpNumThreads,
            InterOpNumThreads = options.InterOpNumThreads,
            GraphOptimizationLevel = options.GraphOptimizationLevel switch
            {
                GraphOptimization.Disabled => GraphOptimizationLevel.ORT_DISABLE_ALL,
                GraphOptimization.Basic => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                GraphOptimization.Extended => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
            },
        };

        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", options.AllowSpinning ? "1" : "0");
        sessionOptions.AddSessionConfigEntry("session.inter_op.allow_spinning", options.AllowSpinning ? "1" : "0");

        used = ExecutionProviderKind.Cpu;
        if (options.ExecutionProvider == ExecutionProviderKind.Cuda)
        {
#if POSESEARCH_GPU
            try
            {
                sessionOptions.AppendExecutionProvider_CUDA(options.CudaDeviceId);
                used = ExecutionProviderKind.Cuda;
            }
            catch (OnnxRuntimeException e)
            {
                logger.LogWarning(e, "CUDA execution provider unavailable (device {DeviceId}); falling back to CPU", options.CudaDeviceId);
            }
#else
            logger.LogWarning(
                "CUDA execution provider requested but this build has the CPU runtime only " +
                "(build with -p:UseGpuRuntime=true); falling back to CPU");
#endif
        }

        return sessionOptions;
    }
}
