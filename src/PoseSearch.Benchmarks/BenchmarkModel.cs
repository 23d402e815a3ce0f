using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using PoseSearch.Embedding;

namespace PoseSearch.Benchmarks;

/// <summary>
/// Which model and how many threads the benchmarks use. POSESEARCH_BENCH_MODEL (a model
/// folder) overrides the service's default choice (onnx-models/prvipe-v2-int8, else prvipe-v2, else prvipe-occlusion-v1, else
/// random-tiny); POSESEARCH_BENCH_THREADS (default: one per core) sets ONNX Runtime's
/// intra-op threads for the model and the GEMM reference alike.
/// </summary>
internal static class BenchmarkModel
{
    public const string ModelVariable = "POSESEARCH_BENCH_MODEL";
    public const string ThreadsVariable = "POSESEARCH_BENCH_THREADS";

    public static string ModelPath { get; } = ModelLocator.Resolve(Environment.GetEnvironmentVariable(ModelVariable), ModelLocator.DefaultSearchStarts());

    public static int Threads { get; } = ReadThreads();

    /// <summary>Weights of the model from the config.json beside model.onnx ("parameters"), when present.</summary>
    public static long? ParameterCount { get; } = ReadParameterCount();

    public static PoseEmbedder Load(int maxBatch) => PoseEmbedder.Load(
        new EmbeddingOptions
        {
            Path = ModelPath,
            IntraOpNumThreads = Threads,
            InterOpNumThreads = 1,
            MaxInferenceBatchSize = maxBatch,
        },
        NullLogger.Instance);

    /// <summary>The real poses of the model's test vectors: N x 26 pixel coordinates, N x 13 visibility.</summary>
    public static (float[] Keypoints, float[] Visibility, int Count) TestVectorPoses()
    {
        var path = Path.Combine(Path.GetDirectoryName(ModelPath)!, "test-vectors.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var cases = document.RootElement.GetProperty("cases");
        var keypoints = new List<float>();
        var visibility = new List<float>();
        foreach (var item in cases.EnumerateArray())
        {
            foreach (var joint in item.GetProperty("keypoints").EnumerateArray())
            {
                keypoints.Add(joint[0].GetSingle());
                keypoints.Add(joint[1].GetSingle());
            }
            visibility.AddRange(item.GetProperty("visibility").EnumerateArray().Select(v => v.GetSingle()));
        }
        return ([.. keypoints], [.. visibility], cases.GetArrayLength());
    }

    private static int ReadThreads()
    {
        var text = Environment.GetEnvironmentVariable(ThreadsVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return Environment.ProcessorCount;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var threads) && threads > 0
            ? threads
            : throw new ArgumentException($"{ThreadsVariable} must be a positive integer, got '{text}'");
    }

    private static long? ReadParameterCount()
    {
        var config = Path.Combine(Path.GetDirectoryName(ModelPath)!, "config.json");
        if (!File.Exists(config))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(config));
        return document.RootElement.TryGetProperty("parameters", out var value) && value.TryGetInt64(out var count) ? count : null;
    }
}
