using BenchmarkDotNet.Attributes;
using PoseSearch.Core.Scoring;

namespace PoseSearch.Benchmarks;

/// <summary>
/// Stage 2 of the search: the exact match probability of C candidates against the query
/// (Core's scorer with the model's a, b, smoothing and eps). Candidates are real embeddings of
/// the model's test-vector poses; 100 is the service's default C, 1,000 the figure.
/// </summary>
public class RerankBenchmarks
{
    private MatchProbabilityModel? _model;
    private float[] _means = [];
    private float[] _stddevs = [];
    private float[] _queryMean = [];
    private float[] _queryStddev = [];
    private float[] _probabilities = [];

    [Params(100, 1000)]
    public int Candidates { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using var embedder = BenchmarkModel.Load(maxBatch: 1024);
        var (keypoints, visibility, count) = BenchmarkModel.TestVectorPoses();
        var embedded = embedder.Embed(keypoints, visibility);
        _model = embedder.MatchModel;
        var d = embedded.Dimension;
        _means = new float[Candidates * d];
        _stddevs = new float[Candidates * d];
        for (var i = 0; i < Candidates; i++)
        {
            // Candidate i is test pose 1 + i (cycled): never the query itself.
            var source = 1 + i % (count - 1);
            embedded.Mean(source).CopyTo(_means.AsSpan(i * d));
            embedded.Stddev(source).CopyTo(_stddevs.AsSpan(i * d));
        }
        _queryMean = embedded.Mean(0).ToArray();
        _queryStddev = embedded.Stddev(0).ToArray();
        _probabilities = new float[Candidates];
    }

    [Benchmark]
    public float ScoreCandidates()
    {
        _model!.ScoreCandidates(_queryMean, _queryStddev, _means, _stddevs, _probabilities);
        return _probabilities[0];
    }
}
