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
    /// (onnx-models/prvipe-v2-int8, else prvipe-v2, else prvipe-occlusion-v1) if present, else onnx-models/random-tiny, searched
    /// upwards from the working directory and from the application folder.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>
    /// More model folders served beside the default (<see cref="Path"/>): collections embedded with
    /// them keep working (each collection uses the model that embedded it), and a collection can be
    /// re-embedded from one to another. Same embedding dimension as the default.
    /// </summary>
    public List<string> AdditionalPaths { get; set; } = [];

    /// <summary>A copy that loads another model folder with the same runtime settings.</summary>
    public EmbeddingOptions WithPath(string path) => new()
    {
        Path = path,
        ExecutionProvider = ExecutionProvider,
        CudaDeviceId = CudaDeviceId,
        IntraOpNumThreads = IntraOpNumThreads,
        InterOpNumThreads = InterOpNumThreads,
        GraphOptimizationLevel = GraphOptimizationLevel,
        AllowSpinning = AllowSpinning,
        MaxInferenceBatchSize = MaxInferenceBatchSize,
    };

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
