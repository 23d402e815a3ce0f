using System.Text.Json;

namespace PoseSearch.Embedding;

/// <summary>
/// What the service knows about its model, read from the ONNX metadata_props
/// (docs/model-contract.md). Everything needed to score match probabilities travels here.
/// </summary>
public sealed record ModelCard
{
    public required string Name { get; init; }

    public required int FormatVersion { get; init; }

    /// <summary>"plain" or "occlusion".</summary>
    public required string Variant { get; init; }

    /// <summary>The model's joint names, in input order (the 13 of the contract).</summary>
    public required IReadOnlyList<string> Keypoints { get; init; }

    /// <summary>D, the embedding dimension (and the vector column dimension).</summary>
    public required int EmbeddingDim { get; init; }

    /// <summary>K, the number of samples per embedding used by the match probability.</summary>
    public required int NumSamples { get; init; }

    public required float SigmoidA { get; init; }

    public required float SigmoidB { get; init; }

    public required float Smoothing { get; init; }

    public required float Kappa { get; init; }

    /// <summary>The fixed N(0, 1) draws, K x D, row-major (row k is eps_k).</summary>
    public required float[] Eps { get; init; }

    public required string License { get; init; }

    public required string TrainingData { get; init; }

    /// <summary>The validation results as the export wrote them (a JSON object).</summary>
    public required JsonElement Metrics { get; init; }

    /// <summary>Lower-case hex SHA-256 of model.onnx: collections remember it, since embeddings
    /// of two different models cannot be compared.</summary>
    public required string Sha256 { get; init; }

    public required string ModelPath { get; init; }

    /// <summary>The window of a temporal model (inputs [N, T, 13, 2] and [N, T, 13]); null for a single-frame model.</summary>
    public TemporalWindow? Window { get; init; }

    /// <summary>"single-frame" or "temporal": what the model embeds.</summary>
    public string Kind => Window is null ? SingleFrameKind : TemporalKind;

    public const string SingleFrameKind = "single-frame";
    public const string TemporalKind = "temporal";
}
