using BenchmarkDotNet.Attributes;
using PoseSearch.Core.Keypoints;
using PoseSearch.Embedding;

namespace PoseSearch.Benchmarks;

/// <summary>
/// The model through the service's own embedder (input checks, ONNX Runtime run, output checks):
/// one pose (a search request), 64 and 1,024 poses (ingest and bulk loads). Inputs are the
/// model's test-vector poses (real mocap through cameras, some with missing joints), repeated.
/// </summary>
public class EmbeddingBenchmarks
{
    private PoseEmbedder? _embedder;
    private float[] _keypoints = [];
    private float[] _visibility = [];

    [Params(1, 64, 1024)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _embedder = BenchmarkModel.Load(maxBatch: 1024);
        var (keypoints, visibility, count) = BenchmarkModel.TestVectorPoses();
        _keypoints = new float[BatchSize * ModelJoints.CoordinateCount];
        _visibility = new float[BatchSize * ModelJoints.Count];
        for (var i = 0; i < BatchSize; i++)
        {
            var source = i % count;
            keypoints.AsSpan(source * ModelJoints.CoordinateCount, ModelJoints.CoordinateCount).CopyTo(_keypoints.AsSpan(i * ModelJoints.CoordinateCount));
            visibility.AsSpan(source * ModelJoints.Count, ModelJoints.Count).CopyTo(_visibility.AsSpan(i * ModelJoints.Count));
        }
    }

    [Benchmark]
    public EmbeddingBatch Embed() => _embedder!.Embed(_keypoints, _visibility);

    [GlobalCleanup]
    public void Cleanup() => _embedder?.Dispose();
}
