using System.Text.Json;
using System.Text.Json.Serialization;

namespace PoseSearch.Gpu.Tests;

/// <summary>The cases of onnx-models/&lt;name&gt;/test-vectors.json this suite checks (docs/model-contract.md).</summary>
internal sealed record ModelVectors([property: JsonPropertyName("cases")] IReadOnlyList<ModelVectorCase> Cases)
{
    public static string ModelFolder(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "onnx-models", name);
            if (File.Exists(Path.Combine(candidate, "model.onnx")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"onnx-models/{name} not found above {AppContext.BaseDirectory}");
    }

    public static ModelVectors Load(string modelFolder) =>
        JsonSerializer.Deserialize<ModelVectors>(File.ReadAllText(Path.Combine(modelFolder, "test-vectors.json")))
        ?? throw new InvalidDataException($"{modelFolder}/test-vectors.json is empty");
}

internal sealed record ModelVectorCase(
    [property: JsonPropertyName("keypoints")] float[][] Keypoints,
    [property: JsonPropertyName("visibility")] float[] Visibility,
    [property: JsonPropertyName("mean")] float[] Mean,
    [property: JsonPropertyName("stddev")] float[] Stddev);
