using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace PoseSearch.Benchmarks;

/// <summary>
/// Floating-point operations per second of the benchmarks that are matrix products: the
/// GEMM reference (2 n^3 per multiply) and the embedding (2 FLOP per model weight per pose).
/// </summary>
internal sealed class GflopsColumn : IColumn
{
    public string Id => nameof(GflopsColumn);
    public string ColumnName => "GFLOP/s";
    public bool AlwaysShow => false;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "GFLOP/s: floating-point operations per operation / mean time (2 n^3 for a GEMM, 2 x weights x poses for the model)";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => FlopsPerOperation(c) is not null);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        Gflops(summary, benchmarkCase) is { } value ? value.ToString("N1", CultureInfo.InvariantCulture) : "-";

    public static double? Gflops(Summary summary, BenchmarkCase benchmarkCase) =>
        FlopsPerOperation(benchmarkCase) is { } flops && ItemsPerSecondColumn.MeanSeconds(summary, benchmarkCase) is { } seconds
            ? flops / seconds / 1e9
            : null;

    /// <summary>FLOP of one operation of the case, or null for benchmarks that are not matrix products.</summary>
    public static double? FlopsPerOperation(BenchmarkCase benchmarkCase)
    {
        var type = benchmarkCase.Descriptor.Type;
        if (type == typeof(GemmReferenceBenchmarks) && Parameter(benchmarkCase, nameof(GemmReferenceBenchmarks.Size)) is { } n)
        {
            return 2.0 * n * n * n;
        }

        if (type == typeof(EmbeddingBenchmarks)
            && Parameter(benchmarkCase, nameof(EmbeddingBenchmarks.BatchSize)) is { } batch
            && BenchmarkModel.ParameterCount is { } weights)
        {
            return 2.0 * weights * batch;
        }

        return null;
    }

    private static int? Parameter(BenchmarkCase benchmarkCase, string name) =>
        benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == name)?.Value as int?;
}
