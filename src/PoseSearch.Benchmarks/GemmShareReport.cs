using System.Globalization;
using BenchmarkDotNet.Reports;

namespace PoseSearch.Benchmarks;

/// <summary>
/// After a run that included both the GEMM reference and the embedding, prints each batch
/// size's model FLOP rate as a share of the GEMM rate measured in the same run.
/// </summary>
internal static class GemmShareReport
{
    public static void Print(IEnumerable<Summary> summaries, TextWriter output)
    {
        var reports = summaries.SelectMany(s => s.BenchmarksCases.Select(c => (Summary: s, Case: c))).ToList();
        var gemm = reports.FirstOrDefault(r => r.Case.Descriptor.Type == typeof(GemmReferenceBenchmarks));
        var gemmRate = gemm.Case is null ? null : GflopsColumn.Gflops(gemm.Summary, gemm.Case);
        if (gemmRate is not { } reference)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GEMM reference ({BenchmarkModel.Threads} threads): {reference:N1} GFLOP/s; model {Path.GetFileName(Path.GetDirectoryName(BenchmarkModel.ModelPath))}, {BenchmarkModel.ParameterCount?.ToString("N0", CultureInfo.InvariantCulture) ?? "?"} weights"));
        foreach (var (summary, benchmarkCase) in reports.Where(r => r.Case.Descriptor.Type == typeof(EmbeddingBenchmarks)))
        {
            if (GflopsColumn.Gflops(summary, benchmarkCase) is not { } rate)
            {
                continue;
            }

            var batch = benchmarkCase.Parameters[nameof(EmbeddingBenchmarks.BatchSize)];
            var poses = (int)batch / ItemsPerSecondColumn.MeanSeconds(summary, benchmarkCase)!.Value;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"embedding, batch {batch,5}: {poses,10:N0} poses/s = {rate,6:N1} GFLOP/s = {100 * rate / reference,5:N1} % of the GEMM rate"));
        }
    }
}
