using System.Text.Json;
using System.Text.Json.Serialization;

namespace PoseSearch.Cli.Common;

/// <summary>The JSON of every report the commands write (eval, synth, recall): snake_case names, indented, nulls kept.</summary>
internal static class ReportJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Serialize<T>(T report) => JsonSerializer.Serialize(report, Options);
}
