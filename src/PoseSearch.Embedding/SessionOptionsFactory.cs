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
            // ONNX Runtime's own logger would print the failure a second time, in red, to stderr:
            // quiet it for this call only; the warning below says the same in the service's log.
            var environment = OrtEnv.Instance();
            var logLevel = environment.EnvLogLevel;
            environment.EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
            try
            {
                sessionOptions.AppendExecutionProvider_CUDA(options.CudaDeviceId);
                used = ExecutionProviderKind.Cuda;
            }
            catch (OnnxRuntimeException e)
            {
                // An expected state on a machine without CUDA 13 / cuDNN 9 or a GPU: one line that says
                // what runs and why, not a stack trace that reads like a crash.
                logger.LogWarning(
                    "Execution provider: CPU (CUDA device {DeviceId} was requested but cannot start: {Reason})",
                    options.CudaDeviceId, CudaFailureReason(e));
            }
            finally
            {
                environment.EnvLogLevel = logLevel;
            }
#else
            logger.LogWarning(
                "Execution provider: CPU (CUDA was requested but this build has the CPU runtime only; " +
                "build with -p:UseGpuRuntime=true or use the GPU image)");
#endif
        }

        return sessionOptions;
    }

    /// <summary>Which library is missing when that is the cause, else ONNX Runtime's own first line.</summary>
    internal static string CudaFailureReason(OnnxRuntimeException e) => CudaLibraryProbe.FirstMissing() is { } missing
        ? $"{missing} not found; ONNX Runtime 1.31's CUDA provider needs CUDA 13.x, cuDNN 9.x and an NVIDIA driver (deploy/README.md)"
        : FirstLine(e.Message);

    /// <summary>The first non-empty line of an ONNX Runtime error (the rest repeats it with source locations).</summary>
    internal static string FirstLine(string message) =>
        message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "unknown error";
}
