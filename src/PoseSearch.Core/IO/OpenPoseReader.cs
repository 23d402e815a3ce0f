using System.Text.Json;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Core.IO;

/// <summary>
/// Reads one OpenPose per-frame JSON file ({"people": [{"pose_keypoints_2d": [x, y, c] x 25}]},
/// BODY_25). Each person becomes 25 keypoints in <see cref="KeypointLayouts.Body25"/> order;
/// OpenPose writes (0, 0, 0) for joints it did not find.
/// </summary>
public static class OpenPoseReader
{
    public const int ValuesPerPerson = 25 * 3;

    public static IReadOnlyList<Keypoint[]> Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, Path.GetFileName(path));
    }

    /// <exception cref="PoseFormatException">Malformed JSON, no "people" list, or a person whose pose_keypoints_2d is not 75 numbers (other OpenPose models such as COCO-18 are named in the message).</exception>
    public static IReadOnlyList<Keypoint[]> Read(Stream stream, string source = "OpenPose JSON")
    {
        using var document = JsonReading.Parse(stream, source);
        return ReadPeople(document.RootElement, source);
    }

    public static IReadOnlyList<Keypoint[]> Parse(string json, string source = "OpenPose JSON")
    {
        using var document = JsonReading.Parse(json, source);
        return ReadPeople(document.RootElement, source);
    }

    private static IReadOnlyList<Keypoint[]> ReadPeople(JsonElement root, string source)
    {
        var people = new List<Keypoint[]>();
        var index = 0;
        foreach (var person in JsonReading.Property(root, "people", JsonValueKind.Array, source).EnumerateArray())
        {
            var where = $"{source}: person {index++}";
            var array = JsonReading.Property(person, "pose_keypoints_2d", JsonValueKind.Array, where);
            if (array.GetArrayLength() == 18 * 3)
            {
                throw new PoseFormatException($"{where}: pose_keypoints_2d has 54 values (the COCO-18 OpenPose model); only BODY_25 (75 values) is supported");
            }

            var values = JsonReading.Numbers(array, ValuesPerPerson, "pose_keypoints_2d (BODY_25: 25 x [x, y, c])", where);
            var keypoints = new Keypoint[25];
            for (var j = 0; j < 25; j++)
            {
                keypoints[j] = new Keypoint(values[3 * j], values[3 * j + 1], values[3 * j + 2]);
            }

            people.Add(keypoints);
        }
        return people;
    }
}
