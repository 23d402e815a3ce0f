using System.Text.Json;
using System.Text.Json.Serialization;

namespace PoseSearch.TestSupport;

/// <summary>onnx-models/&lt;name&gt;/test-vectors.json as the export writes it (docs/model-contract.md).</summary>
public sealed record TestVectors(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("embedding_dim")] int EmbeddingDim,
    [property: JsonPropertyName("num_samples")] int NumSamples,
    [property: JsonPropertyName("cases")] IReadOnlyList<TestVectorCase> Cases,
    [property: JsonPropertyName("match_pairs")] IReadOnlyList<TestVectorPair> MatchPairs,
    [property: JsonPropertyName("parity_tolerance")] double? ParityTolerance = null)
{
    /// <summary>
    /// How closely ONNX Runtime must reproduce mean and stddev: the contract's 1e-4, or what the vectors
    /// say for a model whose kernels round differently from the reference (an int8 copy: 2e-3).
    /// </summary>
    public double MeanStddevTolerance => ParityTolerance ?? 1e-4;

    /// <summary>
    /// How closely a match probability computed from ONNX Runtime's embeddings follows the vectors': the
    /// sigmoid's slope a(1 - s)/4 is about 0.33, and the 16-d distance between two such embeddings moves at
    /// most 2 x 4 x the per-value error, so 3 x the mean/stddev tolerance bounds it (1e-4 for a float model,
    /// as the contract says).
    /// </summary>
    public double MatchProbabilityTolerance => ParityTolerance is { } t ? 3 * t : 1e-4;

    public static TestVectors Load(string modelFolder) =>
        JsonSerializer.Deserialize<TestVectors>(File.ReadAllText(Path.Combine(modelFolder, "test-vectors.json")))
        ?? throw new InvalidDataException($"{modelFolder}/test-vectors.json is empty");
}

public sealed record TestVectorCase(
    [property: JsonPropertyName("keypoints")] float[][] Keypoints,
    [property: JsonPropertyName("visibility")] float[] Visibility,
    [property: JsonPropertyName("normalized")] float[][] Normalized,
    [property: JsonPropertyName("mean")] float[] Mean,
    [property: JsonPropertyName("stddev")] float[] Stddev)
{
    public float[] FlatKeypoints => Keypoints.SelectMany(p => p).ToArray();

    public bool AllVisible => Visibility.All(v => v == 1f);
}

public sealed record TestVectorPair(
    [property: JsonPropertyName("a")] int A,
    [property: JsonPropertyName("b")] int B,
    [property: JsonPropertyName("probability")] double Probability);
