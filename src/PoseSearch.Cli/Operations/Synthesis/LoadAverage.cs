using System.Globalization;

namespace PoseSearch.Cli.Operations.Synthesis;

/// <summary>The machine's 1-minute load average, to report next to every timing (other work shares the cores).</summary>
internal static class LoadAverage
{
    /// <returns>The first field of /proc/loadavg, or NaN where there is none (not Linux).</returns>
    public static double OneMinute()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return Parse(text);
        }
        catch (IOException)
        {
            return double.NaN;
        }
        catch (UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }

    /// <summary>"0.52 0.58 0.59 1/123 4567" -> 0.52.</summary>
    public static double Parse(string loadavg)
    {
        var first = loadavg.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return first is not null && double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"not a /proc/loadavg line: '{loadavg.Trim()}'");
    }
}
