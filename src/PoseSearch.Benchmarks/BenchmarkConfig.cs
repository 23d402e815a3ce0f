using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace PoseSearch.Benchmarks;

/// <summary>
/// In-process by default: no generated project to build (builds of the shared solution by
/// other users of the machine lock files), and the model loads once per benchmark class.
/// Throughput columns turn each mean into poses/s, candidates/s and GFLOP/s.
/// </summary>
internal sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsDefault());
        AddLogger(DefaultConfig.Instance.GetLoggers().ToArray());
        AddExporter(DefaultConfig.Instance.GetExporters().ToArray());
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddAnalyser(DefaultConfig.Instance.GetAnalysers().ToArray());
        AddValidator(DefaultConfig.Instance.GetValidators().ToArray());
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new ItemsPerSecondColumn("Poses/s", nameof(EmbeddingBenchmarks.BatchSize)));
        AddColumn(new ItemsPerSecondColumn("Candidates/s", nameof(RerankBenchmarks.Candidates)));
        AddColumn(new GflopsColumn());
    }
}
