using System.Text.Json;
using System.Text.Json.Nodes;

namespace PoseSearch.Web.Tests.Infrastructure;

/// <summary>
/// Real poses for the seeded collection: the model's test vectors (onnx-models/&lt;model&gt;/test-vectors.json,
/// 13 joints in pixels with visibility), spread over three videos and two people so the filters have
/// something to filter.
/// </summary>
public sealed class SeedPoses
{
    public static readonly string[] Videos = ["clip-a", "clip-b", "clip-c"];

    private SeedPoses(IReadOnlyList<(float X, float Y, bool Visible)[]> poses) => Poses = poses;

    /// <summary>Each pose's 13 joints (x, y in pixels; missing joints not visible).</summary>
    public IReadOnlyList<(float X, float Y, bool Visible)[]> Poses { get; }

    public static SeedPoses Load(string modelFolder, int count)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(modelFolder, "test-vectors.json")));
        var poses = document.RootElement.GetProperty("cases").EnumerateArray().Take(count).Select(c =>
        {
            var keypoints = c.GetProperty("keypoints").EnumerateArray().ToArray();
            var visibility = c.GetProperty("visibility").EnumerateArray().ToArray();
            return Enumerable.Range(0, 13)
                .Select(j => (keypoints[j][0].GetSingle(), keypoints[j][1].GetSingle(), visibility[j].GetSingle() == 1f))
                .ToArray();
        }).ToList();
        return new SeedPoses(poses);
    }

    public static string Id(int i) => $"{Videos[i % Videos.Length]}:f{i:D3}:p{i % 2}";

    /// <summary>The ingest request body: every pose as model13 with its video, frame and person.</summary>
    public JsonObject IngestBody() => new()
    {
        ["poses"] = new JsonArray(Poses.Select((pose, i) => (JsonNode)new JsonObject
        {
            ["id"] = Id(i),
            ["pose"] = Model13(pose),
            ["metadata"] = new JsonObject { ["videoId"] = Videos[i % Videos.Length], ["frame"] = i, ["person"] = i % 2 },
        }).ToArray()),
    };

    public static JsonObject Model13((float X, float Y, bool Visible)[] pose) => new()
    {
        ["layout"] = "model13",
        ["keypoints"] = new JsonArray(pose.Select(k => (JsonNode)(k.Visible
            ? new JsonObject { ["x"] = k.X, ["y"] = k.Y, ["confidence"] = 1 }
            : new JsonObject { ["x"] = 0, ["y"] = 0, ["confidence"] = 0 })).ToArray()),
    };

    // COCO-17 index of each model joint (nose, shoulders, elbows, wrists, hips, knees, ankles).
    private static readonly int[] CocoIndexOfModelJoint = [0, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

    /// <summary>A COCO keypoint detection result for `pose`: 51 numbers, eyes and ears undetected (score 0).</summary>
    public static JsonObject CocoDetection((float X, float Y, bool Visible)[] pose, int imageId, float score)
    {
        var values = new double[51];
        for (var j = 0; j < 13; j++)
        {
            var c = CocoIndexOfModelJoint[j];
            if (pose[j].Visible)
            {
                (values[3 * c], values[3 * c + 1], values[3 * c + 2]) = (pose[j].X, pose[j].Y, 0.9);
            }
        }

        return new JsonObject
        {
            ["image_id"] = imageId,
            ["category_id"] = 1,
            ["keypoints"] = new JsonArray(values.Select(v => (JsonNode)Math.Round(v, 2)).ToArray()),
            ["score"] = score,
        };
    }
}
