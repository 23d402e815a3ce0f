using System.Text.Json;

namespace PoseSearch.Cli.Operations.Synthesis;

/// <summary>
/// The model's weight count from the config.json the export writes beside model.onnx
/// ("parameters"). A dense layer costs 2 FLOP per weight per pose, so this gives the model's
/// FLOP per pose for reporting embedding speed against the machine's matrix-multiply rate.
/// </summary>
internal static class ModelParameterCount
{
    /// <returns>The count, or null when there is no config.json or it does not say.</returns>
    public static long? TryRead(string modelPath)
    {
        var folder = Directory.Exists(modelPath) ? modelPath : Path.GetDirectoryName(modelPath);
        var config = folder is null ? null : Path.Combine(folder, "config.json");
        if (config is null || !File.Exists(config))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(config));
        return document.RootElement.TryGetProperty("parameters", out var value) && value.TryGetInt64(out var count) && count > 0
            ? count
            : null;
    }
}
