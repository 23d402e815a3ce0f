namespace PoseSearch.Embedding;

/// <summary>The metadata_props keys of docs/model-contract.md.</summary>
public static class ModelMetadataKeys
{
    public const string FormatVersion = "posesearch.format_version";
    public const string Keypoints = "posesearch.keypoints";
    public const string EmbeddingDim = "posesearch.embedding_dim";
    public const string NumSamples = "posesearch.num_samples";
    public const string SigmoidA = "posesearch.sigmoid_a";
    public const string SigmoidB = "posesearch.sigmoid_b";
    public const string Smoothing = "posesearch.smoothing";
    public const string Kappa = "posesearch.kappa";
    public const string Eps = "posesearch.eps";
    public const string Variant = "posesearch.variant";
    public const string TrainingData = "posesearch.training_data";
    public const string License = "posesearch.license";
    public const string Metrics = "posesearch.metrics";
    public const string ModelName = "posesearch.model_name";

    /// <summary>Temporal models only: T, the frames of one window (the model's time axis).</summary>
    public const string Window = "posesearch.window";

    /// <summary>Temporal models only: source frames between consecutive frames of a window.</summary>
    public const string WindowStride = "posesearch.window_stride";

    /// <summary>Temporal models only: frames per second of the source the stride counts in.</summary>
    public const string FrameRate = "posesearch.frame_rate";

    /// <summary>The contract's format version that this service reads.</summary>
    public const int SupportedFormatVersion = 1;
}
