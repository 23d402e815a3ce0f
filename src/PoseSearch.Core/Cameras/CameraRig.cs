using System.Numerics;
using System.Text.Json;
using PoseSearch.Core.IO;

namespace PoseSearch.Core.Cameras;

/// <summary>
/// The calibrated cameras of ../shared/data/cameras/h36m-cameras.json for one subject's
/// session (extrinsics differ per subject; see its "units" block).
/// </summary>
public sealed class CameraRig
{
    public const string DefaultSubject = "S9";
    public const string RelativePath = "cameras/h36m-cameras.json";

    private CameraRig(string subject, IReadOnlyList<PinholeCamera> cameras)
    {
        Subject = subject;
        Cameras = cameras;
    }

    public string Subject { get; }

    public IReadOnlyList<PinholeCamera> Cameras { get; }

    /// <summary>Loads the rig from the shared data folder (<see cref="SharedDataLocator"/>).</summary>
    public static CameraRig LoadDefault(string subject = DefaultSubject) =>
        Load(Path.Combine(SharedDataLocator.Locate(), RelativePath), subject);

    /// <exception cref="InvalidDataException">Malformed file; the message names the field.</exception>
    /// <exception cref="ArgumentException">The subject has no extrinsics; the message lists those that do.</exception>
    public static CameraRig Load(string path, string subject = DefaultSubject)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        using var stream = File.OpenRead(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            if (!document.RootElement.TryGetProperty("cameras", out var cameras) || cameras.ValueKind != JsonValueKind.Array || cameras.GetArrayLength() == 0)
            {
                throw new InvalidDataException($"{path}: expected a non-empty \"cameras\" array");
            }

            var result = new List<PinholeCamera>();
            foreach (var camera in cameras.EnumerateArray())
            {
                result.Add(ReadCamera(camera, subject, path));
            }

            return new CameraRig(subject, result);
        }
    }

    private static PinholeCamera ReadCamera(JsonElement camera, string subject, string path)
    {
        var id = camera.TryGetProperty("id", out var idElement) ? idElement.ToString() : "?";
        var where = $"{path}: camera {id}";
        var resolution = Numbers(camera, "resolution", 2, where);
        var focal = Numbers(camera, "focal_length", 2, where);
        var centre = Numbers(camera, "center", 2, where);
        var radial = Numbers(camera, "radial_distortion", 3, where);
        var tangential = Numbers(camera, "tangential_distortion", 2, where);

        if (!camera.TryGetProperty("extrinsics", out var extrinsics) || extrinsics.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{where}: missing \"extrinsics\" object");
        }

        if (!extrinsics.TryGetProperty(subject, out var pose))
        {
            var known = string.Join(", ", extrinsics.EnumerateObject().Select(p => p.Name));
            throw new ArgumentException($"{where} has no extrinsics for subject '{subject}'; subjects with extrinsics: {known}", nameof(subject));
        }
        var q = Numbers(pose, "orientation_wxyz", 4, $"{where}, subject {subject}");
        var t = Numbers(pose, "translation_mm", 3, $"{where}, subject {subject}");

        try
        {
            return new PinholeCamera(id, (int)resolution[0], (int)resolution[1], (float)focal[0], (float)focal[1],
                (float)centre[0], (float)centre[1], (float)radial[0], (float)radial[1], (float)radial[2],
                (float)tangential[0], (float)tangential[1],
                new Quaternion((float)q[1], (float)q[2], (float)q[3], (float)q[0]),
                new Vector3((float)t[0], (float)t[1], (float)t[2]));
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{where}: {e.Message}", e);
        }
    }

    private static double[] Numbers(JsonElement parent, string name, int count, string where)
    {
        if (!parent.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() != count)
        {
            throw new InvalidDataException($"{where}: \"{name}\" must be an array of {count} numbers");
        }

        var values = new double[count];
        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Number)
            {
                throw new InvalidDataException($"{where}: \"{name}\"[{i}] is not a number");
            }

            values[i++] = element.GetDouble();
        }
        return values;
    }
}
