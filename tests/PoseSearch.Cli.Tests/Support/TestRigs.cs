using System.Globalization;
using System.Text.Json;

namespace PoseSearch.Cli.Tests.Support;

/// <summary>Camera rig JSON files in the layout of ../shared/data/cameras/h36m-cameras.json.</summary>
internal static class TestRigs
{
    /// <summary>
    /// Cameras at one place (4 m in front of the person placed at the rig origin, 1 m up,
    /// looking at it horizontally) that differ only in focal length and principal point, with
    /// no distortion: their images of any pose differ by a scale and a shift, which the 2D
    /// normalization removes, so every camera sees the same normalized pose.
    /// </summary>
    public static void WriteSharedCentreRig(string path, string subject = "S1")
    {
        // Camera-to-world rotation with camera x = world +x, y (down) = world -z, z (forward) = world +y:
        // a rotation of -90 degrees about x, quaternion (w, x, y, z) = (cos 45, -sin 45, 0, 0).
        var orientation = new[] { Math.Sqrt(0.5), -Math.Sqrt(0.5), 0, 0 };
        var centre = new[] { 0.0, -4000.0, 1000.0 };
        var cameras = new[]
        {
            Camera("cam-a", 1000, 500, 500, orientation, centre, subject),
            Camera("cam-b", 1500, 600, 420, orientation, centre, subject),
            Camera("cam-c", 700, 300, 520, orientation, centre, subject),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object> { ["cameras"] = cameras }));
    }

    private static Dictionary<string, object> Camera(string id, double focal, double cx, double cy, double[] orientation, double[] centre, string subject) => new()
    {
        ["id"] = id,
        ["resolution"] = new[] { 1000, 1000 },
        ["focal_length"] = new[] { focal, focal },
        ["center"] = new[] { cx, cy },
        ["radial_distortion"] = new[] { 0.0, 0.0, 0.0 },
        ["tangential_distortion"] = new[] { 0.0, 0.0 },
        ["extrinsics"] = new Dictionary<string, object>
        {
            [subject] = new Dictionary<string, object> { ["orientation_wxyz"] = orientation, ["translation_mm"] = centre },
        },
    };

    public static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
