using System.Text.Json;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Core.IO;

/// <summary>
/// Reads COCO keypoint detection results: a JSON list of
/// {"image_id", "category_id", "keypoints": [x, y, score] x 17, "score"}.
/// The per-joint score becomes the keypoint confidence.
/// </summary>
public static class CocoResultsReader
{
    public static IReadOnlyList<CocoDetection> Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, Path.GetFileName(path));
    }

    /// <exception cref="PoseFormatException">Malformed JSON, not a list, or an entry without 51 keypoint values.</exception>
    public static IReadOnlyList<CocoDetection> Read(Stream stream, string source = "COCO results file")
    {
        using var document = JsonReading.Parse(stream, source);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new PoseFormatException($"{source}: COCO results must be a JSON list of detections");
        }

        var detections = new List<CocoDetection>();
        var index = 0;
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            var where = $"{source}: detection {index++}";
            var values = JsonReading.Numbers(JsonReading.Property(entry, "keypoints", JsonValueKind.Array, where),
                CocoAnnotationReader.ValuesPerPerson, "keypoints (17 x [x, y, score])", where);
            var keypoints = new Keypoint[17];
            for (var j = 0; j < 17; j++)
            {
                keypoints[j] = new Keypoint(values[3 * j], values[3 * j + 1], values[3 * j + 2]);
            }

            detections.Add(new CocoDetection(
                JsonReading.Int64(entry, "image_id", where),
                entry.TryGetProperty("category_id", out var category) && category.ValueKind == JsonValueKind.Number ? category.GetInt32() : 1,
                keypoints,
                JsonReading.Single(entry, "score", where)));
        }
        return detections;
    }
}
