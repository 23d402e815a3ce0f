using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace PoseSearch.Benchmarks;

/// <summary>Items handled per second: the value of an int parameter (items per operation) over the mean time.</summary>
internal sealed class ItemsPerSecondColumn(string header, string parameterName) : IColumn
{
    public string Id => $"{nameof(ItemsPerSecondColumn)}.{parameterName}";
    public string ColumnName => header;
    public bool AlwaysShow => false;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => $"{header}: {parameterName} / mean time";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) =>
        summary.BenchmarksCases.Any(c => c.Parameters.Items.Any(p => p.Name == parameterName));

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var parameter = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == parameterName);
        var seconds = MeanSeconds(summary, benchmarkCase);
        return parameter?.Value is int items && seconds is { } s
            ? (items / s).ToString("N0", CultureInfo.InvariantCulture)
            : "-";
    }

    /// <summary>The mean time of one operation, or null when the case did not run.</summary>
    public static double? MeanSeconds(Summary summary, BenchmarkCase benchmarkCase) =>
        summary[benchmarkCase]?.ResultStatistics?.Mean is { } nanoseconds ? nanoseconds / 1e9 : null;
}
