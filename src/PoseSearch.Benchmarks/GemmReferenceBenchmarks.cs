using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;

namespace PoseSearch.Benchmarks;

/// <summary>
/// The machine's matrix-multiply rate through ONNX Runtime itself (same MLAS kernels, same
/// thread count as the model): a square float GEMM of a one-node MatMul graph. The embedding
/// rate is reported as a share of this (docs/performance.md). Setup checks the product
/// against a plain dot product, so a wrong graph cannot pass as a fast one.
/// </summary>
public class GemmReferenceBenchmarks
{
    private InferenceSession? _session;
    private OrtValue? _a;
    private OrtValue? _b;
    private RunOptions? _runOptions;
    private readonly string[] _inputs = ["A", "B"];
    private readonly string[] _outputs = ["C"];

    [Params(1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var n = Size;
        using var options = new SessionOptions
        {
            IntraOpNumThreads = BenchmarkModel.Threads,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(OnnxMatMulGraph.Build(n, n, n), options);
        var random = new Random(1);
        var a = Enumerable.Range(0, n * n).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var b = Enumerable.Range(0, n * n).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        _a = OrtValue.CreateTensorValueFromMemory(a, [n, n]);
        _b = OrtValue.CreateTensorValueFromMemory(b, [n, n]);
        _runOptions = new RunOptions();
        Verify(a, b, n);
    }

    [Benchmark(Description = "MatMul n x n x n (ONNX Runtime)")]
    public void MatMul()
    {
        using var outputs = _session!.Run(_runOptions!, _inputs, [_a!, _b!], _outputs);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a?.Dispose();
        _b?.Dispose();
        _runOptions?.Dispose();
        _session?.Dispose();
    }

    private void Verify(float[] a, float[] b, int n)
    {
        using var outputs = _session!.Run(_runOptions!, _inputs, [_a!, _b!], _outputs);
        var c = outputs[0].GetTensorDataAsSpan<float>();
        if (c.Length != n * n)
        {
            throw new InvalidOperationException($"MatMul returned {c.Length} values, expected {n * n}");
        }

        foreach (var (row, column) in new[] { (0, 0), (n - 1, n - 1), (n / 2, 3), (7 % n, n / 3) })
        {
            double expected = 0;
            for (var i = 0; i < n; i++)
            {
                expected += (double)a[row * n + i] * b[i * n + column];
            }

            if (Math.Abs(c[row * n + column] - expected) > 1e-3 * Math.Max(1, Math.Abs(expected)))
            {
                throw new InvalidOperationException($"MatMul C[{row},{column}] = {c[row * n + column]}, a dot product gives {expected}");
            }
        }
    }
}
