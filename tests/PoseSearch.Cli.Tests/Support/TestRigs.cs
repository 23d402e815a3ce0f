using System.Text.Json;

namespace PoseSearch.Cli.Tests.Support;

/// <summary>Camera rig JSON files in the layout of ../shared/data/cameras/h36m-cameras.json.</summary>
internal static class TestRigs
{
    /// <summary>Camera looking along world +y (at the person placed at the rig origin, who faces -y), image down = world -z.</summary>
    private static readonly double[] FacingFront = [Math.Sqrt(0.5), -Math.Sqrt(0.5), 0, 0];

    /// <summary>Camera looking along world -x (from the person's left side), image down = world -z.</summary>
    private static readonly double[] FacingLeftSide = [0.5, -0.5, -0.5, 0.5];

    /// <summary>
    /// Three cameras at one place (4 m in front of the person, 1 m up, looking horizontally at
    /// it) that differ only in focal length and principal point, with no distortion: their
    /// images of any pose differ by a scale and a shift, which the 2D normalization removes,
    /// so every camera sees the same normalized pose.
    /// </summary>
    public static void WriteSharedCentreRig(string path, string subject = "S1") => Write(path, subject,
    [
        Camera("cam-a", 1000, 500, 500, FacingFront, [0, -4000, 1000]),
        Camera("cam-b", 1500, 600, 420, FacingFront, [0, -4000, 1000]),
        Camera("cam-c", 700, 300, 520, FacingFront, [0, -4000, 1000]),
    ]);

    /// <summary>One camera in front and one at the person's left side: genuinely different views.</summary>
    public static void WriteFrontAndSideRig(string path, string subject = "S1") => Write(path, subject,
    [
        Camera("front", 1000, 500, 500, FacingFront, [0, -4000, 1000]),
        Camera("side", 1000, 500, 500, FacingLeftSide, [4000, 0, 1000]),
    ]);

    private static void Write(string path, string subject, IEnumerable<Func<string, Dictionary<string, object>>> cameras) =>
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object> { ["cameras"] = cameras.Select(c => c(subject)).ToArray() }));

    private static Func<string, Dictionary<string, object>> Camera(string id, double focal, double cx, double cy, double[] orientation, double[] centre) => subject => new()
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
}
