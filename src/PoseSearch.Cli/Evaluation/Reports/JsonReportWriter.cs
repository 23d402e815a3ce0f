using System.Text.Json;
using PoseSearch.Cli.Common;

namespace PoseSearch.Cli.Evaluation.Reports;

/// <summary>Writes and reads the eval JSON (snake_case names, indented; schema in docs/eval-output.md).</summary>
internal static class JsonReportWriter
{
    public static void Write(EvalReport report, string path) =>
        File.WriteAllText(path, ReportJson.Serialize(report) + "\n");

    public static EvalReport Read(string path) =>
        JsonSerializer.Deserialize<EvalReport>(File.ReadAllText(path), ReportJson.Options)
        ?? throw new InvalidDataException($"{path}: empty eval report");
}
