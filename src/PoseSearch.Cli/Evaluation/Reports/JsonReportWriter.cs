using System.Text.Json;
using System.Text.Json.Serialization;

namespace PoseSearch.Cli.Evaluation.Reports;

/// <summary>Writes and reads the eval JSON (snake_case names, indented; schema in docs/eval-output.md).</summary>
internal static class JsonReportWriter
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static void Write(EvalReport report, string path) =>
        File.WriteAllText(path, JsonSerializer.Serialize(report, Options) + "\n");

    public static EvalReport Read(string path) =>
        JsonSerializer.Deserialize<EvalReport>(File.ReadAllText(path), Options)
        ?? throw new InvalidDataException($"{path}: empty eval report");
}
