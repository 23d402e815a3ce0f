using System.Text.Json;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Core.IO;

/// <summary>
/// Reads MediaPipe Pose landmark JSON. Accepted shapes:
/// <list type="number">
/// <item>{"image_width": W, "image_height": H, "poses": [{"landmarks": [33 landmarks]}, ...]}</item>
/// <item>{"image_width": W, "image_height": H, "landmarks": [33 landmarks]} (one pose)</item>
/// <item>[33 landmarks] (one pose; the caller supplies the image size)</item>
/// </list>
/// A landmark is {"x": .., "y": .., "z": .., "visibility": ..}: x, y are fractions of the image
/// width and height (required), z is ignored, visibility (optional) becomes the confidence.
/// image_width and image_height are optional in the object forms.
/// </summary>
public static class MediaPipeReader
{
    public const int LandmarkCount = 33;

    public static MediaPipeDocument Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonReading.Parse(stream, Path.GetFileName(path));
        return Read(document.RootElement, Path.GetFileName(path));
    }

    public static MediaPipeDocument Read(Stream stream, string source = "MediaPipe JSON")
    {
        using var document = JsonReading.Parse(stream, source);
        return Read(document.RootElement, source);
    }

    public static MediaPipeDocument Parse(string json, string source = "MediaPipe JSON")
    {
        using var document = JsonReading.Parse(json, source);
        return Read(document.RootElement, source);
    }

    private static MediaPipeDocument Read(JsonElement root, string source)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return new MediaPipeDocument(null, null, new[] { Landmarks(root, $"{source}: pose 0") });
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new PoseFormatException($"{source}: expected an object with \"poses\" or \"landmarks\", or an array of {LandmarkCount} landmarks");
        }

        var width = ImageSize(root, "image_width", source);
        var height = ImageSize(root, "image_height", source);
        if (root.TryGetProperty("poses", out _))
        {
            var poses = new List<Keypoint[]>();
            var index = 0;
            foreach (var pose in JsonReading.Property(root, "poses", JsonValueKind.Array, source).EnumerateArray())
            {
                var where = $"{source}: pose {index++}";
                poses.Add(Landmarks(JsonReading.Property(pose, "landmarks", JsonValueKind.Array, where), where));
            }
            return new MediaPipeDocument(width, height, poses);
        }
        if (root.TryGetProperty("landmarks", out var landmarks))
        {
            return new MediaPipeDocument(width, height, new[] { Landmarks(landmarks, $"{source}: pose 0") });
        }

        throw new PoseFormatException($"{source}: expected \"poses\" (a list of {{\"landmarks\": [...]}}) or \"landmarks\"");
    }

    private static int? ImageSize(JsonElement root, string name, string source)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var size) || size <= 0)
        {
            throw new PoseFormatException($"{source}: \"{name}\" must be a positive integer, got {value}");
        }

        return size;
    }

    private static Keypoint[] Landmarks(JsonElement array, string where)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new PoseFormatException($"{where}: landmarks must be an array");
        }

        var count = array.GetArrayLength();
        if (count != LandmarkCount)
        {
            throw new PoseFormatException($"{where}: mediapipe33 expects {LandmarkCount} landmarks, got {count}");
        }

        var keypoints = new Keypoint[LandmarkCount];
        var i = 0;
        foreach (var landmark in array.EnumerateArray())
        {
            var at = $"{where}, landmark {i}";
            keypoints[i++] = new Keypoint(
                JsonReading.Single(landmark, "x", at),
                JsonReading.Single(landmark, "y", at),
                JsonReading.OptionalSingle(landmark, "visibility", at));
        }
        return keypoints;
    }
}
