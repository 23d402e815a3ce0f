namespace PoseSearch.Embedding;

/// <summary>ONNX Runtime graph optimization level, named for configuration files.</summary>
public enum GraphOptimization
{
    Disabled,
    Basic,
    Extended,
    All,
}
