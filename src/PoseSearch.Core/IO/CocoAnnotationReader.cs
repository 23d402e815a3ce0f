using System.Text.Json;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Core.IO;

/// <summary>
/// Reads COCO person-keypoint annotation JSON (images + annotations, keypoints as
/// [x, y, v] x 17). Crowd regions (iscrowd = 1) carry no individual pose and are left out
/// unless <c>includeCrowd</c> is set.
/// </summary>
public static class CocoAnnotationReader
{
    public const int ValuesPerPerson = 17 * 3;

    /// <exception cref="PoseFormatException">Malformed JSON, a missing field, or keypoints that are not 51 numbers; the message names the annotation.</exception>
    public static CocoAnnotationFile Read(string path, bool includeCrowd = false)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, includeCrowd, Path.GetFileName(path));
    }

    public static CocoAnnotationFile Read(Stream stream, bool includeCrowd = false, string source = "COCO annotation file")
    {
        using var document = JsonReading.Parse(stream, source);
        var root = document.RootElement;

        var images = new List<CocoImage>();
        var seen = new HashSet<long>();
        foreach (var image in JsonReading.Property(root, "images", JsonValueKind.Array, source).EnumerateArray())
        {
            var where = $"{source}: image";
            var id = JsonReading.Int64(image, "id", where);
            where = $"{source}: image {id}";
            var fileName = image.TryGetProperty("file_name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString()! : "";
            var width = (int)JsonReading.Int64(image, "width", where);
            var height = (int)JsonReading.Int64(image, "height", where);
            if (seen.Add(id))
            {
                images.Add(new CocoImage(id, fileName, width, height));
            }
        }

        var annotations = new List<CocoPersonAnnotation>();
        var skippedCrowd = 0;
        foreach (var annotation in JsonReading.Property(root, "annotations", JsonValueKind.Array, source).EnumerateArray())
        {
            var id = JsonReading.Int64(annotation, "id", $"{source}: annotation");
            var where = $"{source}: annotation {id}";
            var isCrowd = annotation.TryGetProperty("iscrowd", out var crowd) && crowd.ValueKind == JsonValueKind.Number && crowd.GetInt32() != 0;
            if (isCrowd && !includeCrowd)
            {
                skippedCrowd++;
                continue;
            }

            var values = JsonReading.Numbers(JsonReading.Property(annotation, "keypoints", JsonValueKind.Array, where),
                ValuesPerPerson, "keypoints (17 x [x, y, v])", where);
            var keypoints = new Keypoint[17];
            for (var j = 0; j < 17; j++)
            {
                var v = values[3 * j + 2];
                if (v is not (0 or 1 or 2))
                {
                    throw new PoseFormatException($"{where}: visibility flag of keypoint {j} ({KeypointLayouts.Coco17.JointNames[j]}) must be 0, 1 or 2, got {v}");
                }

                keypoints[j] = new Keypoint(values[3 * j], values[3 * j + 1], v);
            }

            var bbox = annotation.TryGetProperty("bbox", out var box) ? JsonReading.Numbers(box, 4, "bbox", where) : Array.Empty<float>();
            annotations.Add(new CocoPersonAnnotation(
                id,
                JsonReading.Int64(annotation, "image_id", where),
                (int)JsonReading.Int64(annotation, "category_id", where),
                keypoints,
                annotation.TryGetProperty("num_keypoints", out var count) && count.ValueKind == JsonValueKind.Number ? count.GetInt32() : keypoints.Count(k => k.Confidence > 0),
                isCrowd,
                bbox,
                JsonReading.OptionalSingle(annotation, "area", where) ?? 0f));
        }
        return new CocoAnnotationFile(images, annotations, skippedCrowd);
    }
}
