using BenchmarkDotNet.Running;
using PoseSearch.Benchmarks;

var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchmarkConfig).Assembly).Run(args, new BenchmarkConfig());
GemmShareReport.Print(summaries, Console.Out);
