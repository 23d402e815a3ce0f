using System.ComponentModel.DataAnnotations;

namespace PoseSearch.Embedding;

/// <summary>
/// How the embedding model is found and run. Bound from the configuration section
/// "PoseSearch:Model" by the API; the CLI fills it directly.
/// </summary>
public sealed class EmbeddingOptions
{
    public const string SectionName = "PoseSearch:Model";

    /// <summary>
    /// A model folder (holding model.onnx) or an .onnx file. Empty: the shipped model
    /// (onnx-models/prvipe-v2, else prvipe-occlusion-v1) if present, else onnx-models/random-tiny, searched
    /// upwards from the working directory and from the application folder.
    /// </summary>
    public string? Path { get; set; }

    public ExecutionProviderKind ExecutionProvider { get; set; } = ExecutionProviderKind.Cpu;

    [Range(0, 64)]
    public int CudaDeviceId { get; set; }

    /// <summary>Threads inside one operator; 0 lets ONNX Runtime choose (one per core).</summary>
    [Range(0, 256)]
    public int IntraOpNumThreads { get; set; }

    /// <summary>Threads across operators; 0 lets ONNX Runtime choose.</summary>
    [Range(0, 256)]
    public int InterOpNumThreads { get; set; }

    public GraphOptimization GraphOptimizationLevel { get; set; } = GraphOptimization.All;

    /// <summary>
    /// Whether ONNX Runtime's intra-op threads busy-wait for the next piece of work. Spinning
    /// saves microseconds per run but burns a core between runs, which on a small server takes
    /// CPU from PostgreSQL and Kestrel (docs/performance.md); off by default.
    /// </summary>
    public bool AllowSpinning { get; set; }

    /// <summary>Most poses given to one model run; larger requests run in chunks of this size.</summary>
    [Range(1, 65536)]
    public int MaxInferenceBatchSize { get; set; } = 256;
}
