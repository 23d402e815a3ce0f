using System.Globalization;
using PoseSearch.Cli.Common;

namespace PoseSearch.Cli.CommandLine;

/// <summary>Parses comma-separated option values ("2,5,10"), naming the option in every error.</summary>
internal static class ListOption
{
    public static IReadOnlyList<double> Numbers(string option, string? text, double min, double max)
    {
        var items = Items(text);
        var values = new List<double>(items.Count);
        foreach (var item in items)
        {
            if (!double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            {
                throw new CliInputException($"{option}: '{item}' is not a number");
            }

            if (v < min || v > max)
            {
                throw new CliInputException($"{option}: {item} is outside [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]");
            }

            values.Add(v);
        }
        return values;
    }

    public static IReadOnlyList<string> Items(string? text) =>
        string.IsNullOrWhiteSpace(text) || text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)
            ? []
            : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
