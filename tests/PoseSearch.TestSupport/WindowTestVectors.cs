using System.Text.Json;
using System.Text.Json.Serialization;

namespace PoseSearch.TestSupport;

/// <summary>
/// onnx-models/&lt;name&gt;/window-test-vectors.json of a temporal model (docs/model-contract.md,
/// "Temporal model"): like test-vectors.json with a time axis in every case.
/// </summary>
public sealed record WindowTestVectors(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("embedding_dim")] int EmbeddingDim,
    [property: JsonPropertyName("num_samples")] int NumSamples,
    [property: JsonPropertyName("window")] int Window,
    [property: JsonPropertyName("window_stride")] int WindowStride,
    [property: JsonPropertyName("cases")] IReadOnlyList<WindowTestVectorCase> Cases,
    [property: JsonPropertyName("match_pairs")] IReadOnlyList<TestVectorPair> MatchPairs)
{
    public const string FileName = "window-test-vectors.json";

    public static WindowTestVectors Load(string modelFolder) =>
        JsonSerializer.Deserialize<WindowTestVectors>(File.ReadAllText(Path.Combine(modelFolder, FileName)))
        ?? throw new InvalidDataException($"{modelFolder}/{FileName} is empty");
}

/// <summary>One window: keypoints [T][13][2] (garbage where hidden), visibility [T][13], normalized [T][13][2], mean and stddev [D].</summary>
public sealed record WindowTestVectorCase(
    [property: JsonPropertyName("keypoints")] float[][][] Keypoints,
    [property: JsonPropertyName("visibility")] float[][] Visibility,
    [property: JsonPropertyName("normalized")] float[][][] Normalized,
    [property: JsonPropertyName("mean")] float[] Mean,
    [property: JsonPropertyName("stddev")] float[] Stddev)
{
    public float[] FlatKeypoints => Keypoints.SelectMany(frame => frame.SelectMany(p => p)).ToArray();

    public float[] FlatVisibility => Visibility.SelectMany(frame => frame).ToArray();

    public bool AllVisible => Visibility.All(frame => frame.All(v => v == 1f));
}
