namespace PoseSearch.Embedding;

/// <summary>Where ONNX Runtime runs the model.</summary>
public enum ExecutionProviderKind
{
    Cpu,

    /// <summary>NVIDIA CUDA; needs a build with -p:UseGpuRuntime=true, otherwise the CPU is used.</summary>
    Cuda,
}
