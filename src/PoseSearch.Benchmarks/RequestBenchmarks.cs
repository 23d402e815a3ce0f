using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using PoseSearch.Api.Contracts;
using PoseSearch.Api.Startup;
using PoseSearch.Api.Validation;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Normalization;

namespace PoseSearch.Benchmarks;

/// <summary>
/// The CPU work of a request before the model: JSON to the API's contracts (with the
/// serializer settings ASP.NET Core uses for minimal APIs plus the service's named-float
/// handling), and the API's pose conversion (validation, COCO-17 to the 13 model joints,
/// normalization check), also as Core's two calls alone.
/// </summary>
public class RequestBenchmarks
{
    private static readonly JsonSerializerOptions ApiJson = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private byte[] _searchJson = [];
    private byte[] _ingestJson = [];
    private SearchRequest? _search;
    private Keypoint[] _coco = [];
    private readonly PoseConverter _converter = new(Options.Create(new PoseSearchOptions()));

    [GlobalSetup]
    public void Setup()
    {
        var (keypoints, visibility, count) = BenchmarkModel.TestVectorPoses();
        _coco = Coco17(keypoints, visibility, 0);
        _searchJson = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { pose = PoseJson(_coco), k = 10 }, ApiJson));
        var poses = Enumerable.Range(0, 100).Select(i => new
        {
            id = $"pose-{i}",
            pose = PoseJson(Coco17(keypoints, visibility, i % count)),
            metadata = new { videoId = "clip-1", frame = i, person = 0 },
        });
        _ingestJson = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { poses }, ApiJson));
        _search = ParseSearchRequest();
        if (ConvertSearchPose() is null)
        {
            throw new InvalidOperationException("the benchmark's search pose does not convert");
        }
    }

    [Benchmark(Description = "JSON -> SearchRequest (coco17, k 10)")]
    public SearchRequest ParseSearchRequest() => JsonSerializer.Deserialize<SearchRequest>(_searchJson, ApiJson)!;

    [Benchmark(Description = "JSON -> IngestRequest (100 coco17 poses)")]
    public IngestRequest ParseIngestRequest() => JsonSerializer.Deserialize<IngestRequest>(_ingestJson, ApiJson)!;

    [Benchmark(Description = "API PoseConverter: validate, coco17 -> model13, normalize")]
    public ModelPose? ConvertSearchPose() => _converter.Convert(_search!.Pose, "pose", new ValidationErrors());

    [Benchmark(Description = "Core LayoutConverter + PoseNormalizer2D")]
    public float[] CoreConvertAndNormalize() => PoseNormalizer2D.Normalize(LayoutConverter.ToModel13(KeypointLayouts.Coco17, _coco));

    /// <summary>COCO-17 from a model13 pose: eyes and ears near the nose, missing joints at (0, 0) with confidence 0.</summary>
    private static Keypoint[] Coco17(float[] keypoints, float[] visibility, int pose)
    {
        var coco = new Keypoint[17];
        Keypoint Joint(int j) => visibility[pose * 13 + j] > 0.5f
            ? new Keypoint(keypoints[pose * 26 + 2 * j], keypoints[pose * 26 + 2 * j + 1], 0.9f)
            : new Keypoint(0, 0, 0f);
        coco[0] = Joint(0);
        for (var e = 1; e <= 4; e++)
        {
            coco[e] = coco[0] with { X = coco[0].X + (e % 2 == 0 ? 6 : -6), Y = coco[0].Y - 5 };
        }

        for (var j = 1; j < 13; j++)
        {
            coco[4 + j] = Joint(j);
        }

        return coco;
    }

    private static object PoseJson(Keypoint[] coco) => new
    {
        layout = "coco17",
        keypoints = coco.Select(k => new { x = Math.Round(k.X, 1), y = Math.Round(k.Y, 1), confidence = k.Confidence }),
    };
}
