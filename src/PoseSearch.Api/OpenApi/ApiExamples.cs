using System.Text.Json;
using PoseSearch.Api.Contracts;

namespace PoseSearch.Api.OpenApi;

/// <summary>The example bodies of the OpenAPI document (and of docs/api.md).</summary>
public static class ApiExamples
{
    /// <summary>A person standing, facing the camera (their left on the image's right), COCO-17 order, pixels.</summary>
    public static PoseDto StandingCoco17 { get; } = new("coco17",
    [
        new(320, 100, 0.98), new(327, 93, 0.97), new(313, 93, 0.97), new(336, 97, 0.9), new(304, 97, 0.9),
        new(350, 150, 0.95), new(290, 150, 0.95), new(362, 210, 0.93), new(278, 210, 0.92),
        new(366, 265, 0.9), new(274, 265, 0.88), new(340, 270, 0.96), new(300, 270, 0.96),
        new(342, 350, 0.94), new(298, 350, 0.94), new(344, 430, 0.9), new(296, 430, 0.91),
    ]);

    /// <summary>The same person with the right arm raised, in the model's own 13 joints (a missing joint has confidence 0).</summary>
    public static PoseDto ArmRaisedModel13 { get; } = new("model13",
    [
        new(640, 210), new(700, 300), new(580, 300), new(724, 420), new(560, 200),
        new(732, 530), new(548, 95), new(680, 540), new(600, 540), new(684, 700),
        new(596, 700), new(0, 0, 0), new(592, 860),
    ]);

    private static readonly float[] ExampleMean =
        [0.412f, -1.237f, 0.058f, 0.931f, -0.284f, 0.675f, -0.019f, 1.104f, -0.563f, 0.221f, 0.847f, -0.392f, 0.133f, -0.718f, 0.505f, 0.067f];

    private static readonly float[] ExampleStddev =
        [0.213f, 0.187f, 0.241f, 0.199f, 0.226f, 0.205f, 0.232f, 0.191f, 0.218f, 0.244f, 0.202f, 0.195f, 0.229f, 0.210f, 0.188f, 0.236f];

    public static EmbeddingsRequest EmbeddingsRequest { get; } = new([StandingCoco17]);

    public static EmbeddingsResponse EmbeddingsResponse { get; } = new("prvipe-occlusion-v1", 16, [new EmbeddingDto(ExampleMean, ExampleStddev, 0.094f)]);

    public static MatchRequest MatchRequest { get; } = new(StandingCoco17, ArmRaisedModel13);

    public static MatchResponse MatchResponse { get; } = new("prvipe-occlusion-v1", 0.0831f, 2.4877f);

    public static CreateCollectionRequest CreateCollectionRequest { get; } = new("dance-videos", "Frames of the spring dance recordings");

    private static readonly CollectionModelDto ExampleModel = new(
        "prvipe-occlusion-v1", "9f2c4e0b7a1d3c5e8f6a2b4d1c3e5f7a9b0c2d4e6f8a1b3c5d7e9f0a2b4c6d8e", 16);

    public static CollectionResponse Collection { get; } = new(
        "dance-videos", "Frames of the spring dance recordings", 1250, ExampleModel, new DateTime(2026, 3, 14, 9, 26, 53, DateTimeKind.Utc));

    public static CollectionListResponse CollectionList { get; } = new([Collection]);

    private static readonly PoseMetadataDto ExampleMetadata = new(
        "dance-042", 1337, 44.567, 0, JsonDocument.Parse("""{"camera": "front", "take": 3}""").RootElement);

    public static IngestRequest IngestRequest { get; } = new(
    [
        new IngestPoseDto("dance-042_f1337_p0", StandingCoco17, ExampleMetadata),
        new IngestPoseDto("dance-042_f1338_p0", ArmRaisedModel13, ExampleMetadata with { Frame = 1338, Timestamp = 44.6 }),
    ]);

    public static IngestResponse IngestResponse { get; } = new(2, 0, 0);

    public static SearchRequest SearchRequest { get; } = new(StandingCoco17, 5, 0.2, new SearchFilterDto("dance-042"), Mirror: true, MaxAmbiguity: 0.3);

    public static SearchResponse SearchResponse { get; } = new("dance-videos",
    [
        new SearchHitDto("dance-042_f1337_p0", 0.8712f, 0.1379f, ExampleMetadata),
        new SearchHitDto("dance-042_f1402_p0", 0.6034f, 0.5052f, ExampleMetadata with { Frame = 1402, Timestamp = 46.733 }, Mirrored: true),
    ], 200, 0.094f);

    public static StoredPoseResponse StoredPose { get; } = new(
        "dance-042_f1338_p0", "dance-videos", ArmRaisedModel13, new EmbeddingDto(ExampleMean, ExampleStddev),
        ExampleMetadata with { Frame = 1338, Timestamp = 44.6 }, new DateTime(2026, 3, 14, 9, 31, 2, DateTimeKind.Utc));

    // Computed on use: ModelCard is initialized further down.
    public static ModelListResponse ModelList => new([
        new LoadedModelDto(ModelCard, true, 0.41, 38.5),
        new LoadedModelDto(ModelCard with { Name = "prvipe-occlusion-v1", Sha256 = "c3f1d2a47b9e0f6a5d8c1b2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a" }, false, 0.22, 31.0),
        new LoadedModelDto(ModelCard with
        {
            Name = "prvipe-temporal-v1",
            Sha256 = "5a0e7c9d2b4f6a8c1e3d5f7a9b0c2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c",
            Kind = "temporal",
            Window = new TemporalWindowDto(7, 1, 30.0),
        }, false, 0.35, 40.2),
    ]);

    public static ReembedRequest ReembedRequest { get; } = new("prvipe-v2");

    public static ReembedStatusResponse ReembedStatus { get; } = new(
        7, "dance-videos", "prvipe-v2", "17851bdfe0f8a4c2d9e1b7f3a6c5d4e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6", "running", 412_000, 1_000_000, 4_120.5, 142.7, null,
        new DateTime(2026, 12, 1, 18, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 1, 18, 1, 40, DateTimeKind.Utc), null);

    /// <summary>Examples of the path parameters, by name.</summary>
    public static IReadOnlyDictionary<string, string> PathParameters { get; } = new Dictionary<string, string>
    {
        ["name"] = "dance-videos",
        ["id"] = "dance-042_f1337_p0",
        ["jobId"] = "7",
    };

    /// <summary>The RFC 7807 body of an error response, by status code; null for non-errors.</summary>
    public static object? Problem(string status) => status switch
    {
        "400" => new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            ["poses[0].pose.keypoints"] = ["coco17 expects 17 keypoints, got 16"],
            ["poses[1].pose"] = ["too few visible anchor joints: 1 of 4 (left/right shoulder, left/right hip) visible, at least 2 needed"],
        })
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            Title = "The request is invalid",
            Status = 400,
            Detail = "2 problem(s); nothing was written.",
        },
        "401" => ProblemOf(401, "API key missing", "This endpoint needs a valid key in the X-Api-Key header.", "15.5.2"),
        "404" => ProblemOf(404, "Collection not found", "collection 'dance-videos' does not exist", "15.5.5"),
        "409" => ProblemOf(409, "Collection already exists", "collection 'dance-videos' already exists", "15.5.10"),
        _ => null,
    };

    private static Microsoft.AspNetCore.Mvc.ProblemDetails ProblemOf(int status, string title, string detail, string section) => new()
    {
        Type = $"https://tools.ietf.org/html/rfc9110#section-{section}",
        Title = title,
        Status = status,
        Detail = detail,
    };

    public static ModelCardResponse ModelCard { get; } = new(
        "prvipe-occlusion-v1",
        "occlusion",
        "model13",
        ["nose", "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
         "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle"],
        16,
        20,
        1.48f,
        -0.42f,
        0.1f,
        0.1f,
        "CC BY-NC 4.0 (non-commercial): trained on Bandai Namco Research Motion Dataset",
        "Bandai Namco Research Motion Dataset 1+2 (train split), random cameras",
        JsonDocument.Parse("""{"hit_at_1": 0.71, "hit_at_10": 0.93, "hit_at_20": 0.96}""").RootElement,
        ExampleModel.Sha256,
        "Cpu",
        ["coco17", "body25", "mediapipe33", "h36m17", "model13"],
        "single-frame");
}
