using System.Text.Json;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Core.IO;

/// <summary>One frame of a pose sequence: its frame number (or image id) and the pose in the model's joints.</summary>
public sealed record SequenceFrame(long Frame, ModelPose Pose);

/// <summary>
/// Reads a pose sequence (one person over time) from a file in either of two formats:
/// a COCO keypoint results list (image_id = frame number; the best-scoring person of each image), or
/// the API's sequence JSON <c>{"frames": [{"frame": 0, "pose": {"layout": ..., "keypoints": [...]}}]}</c>
/// (docs/api.md, "POST /v1/align"). Frames come back in frame order.
/// </summary>
public static class PoseSequenceReader
{
    public static IReadOnlyList<SequenceFrame> Read(string path, ConversionOptions? options = null)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, Path.GetFileName(path), options);
    }

    /// <exception cref="PoseFormatException">Malformed JSON, neither format, a bad pose, or a repeated frame number.</exception>
    public static IReadOnlyList<SequenceFrame> Read(Stream stream, string source, ConversionOptions? options = null)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        buffer.Position = 0;
        using var document = JsonReading.Parse(buffer, source);
        var root = document.RootElement;
        List<SequenceFrame> frames;
        if (root.ValueKind == JsonValueKind.Array)
        {
            buffer.Position = 0;
            frames = CocoResultsReader.Read(buffer, source)
                .GroupBy(d => d.ImageId)
                .Select(g => new SequenceFrame(g.Key, g.MaxBy(d => d.Score)!.ToModelPose(options)))
                .ToList();
        }
        else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("frames", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            frames = [];
            var index = 0;
            foreach (var entry in list.EnumerateArray())
            {
                var where = $"{source}: frames[{index}]";
                var frame = entry.TryGetProperty("frame", out var f) && f.ValueKind == JsonValueKind.Number ? JsonReading.Int64(entry, "frame", where) : index;
                frames.Add(new SequenceFrame(frame, ReadPose(JsonReading.Property(entry, "pose", JsonValueKind.Object, where), $"{where}.pose", options)));
                index++;
            }
        }
        else
        {
            throw new PoseFormatException($"{source}: expected a COCO results list or an object with a \"frames\" list");
        }

        frames.Sort((a, b) => a.Frame.CompareTo(b.Frame));
        for (var i = 1; i < frames.Count; i++)
        {
            if (frames[i].Frame == frames[i - 1].Frame)
            {
                throw new PoseFormatException($"{source}: frame {frames[i].Frame} appears twice");
            }
        }
        if (frames.Count == 0)
        {
            throw new PoseFormatException($"{source}: the sequence has no frames");
        }

        return frames;
    }

    private static ModelPose ReadPose(JsonElement pose, string where, ConversionOptions? options)
    {
        var layoutName = JsonReading.Property(pose, "layout", JsonValueKind.String, where).GetString();
        if (!KeypointLayouts.TryGet(layoutName, out var layout))
        {
            throw new PoseFormatException($"{where}: unknown layout '{layoutName}' (expected {string.Join(", ", KeypointLayouts.All.Select(l => l.Name))})");
        }

        var keypoints = new List<Keypoint>();
        foreach (var point in JsonReading.Property(pose, "keypoints", JsonValueKind.Array, where).EnumerateArray())
        {
            var at = $"{where}.keypoints[{keypoints.Count}]";
            keypoints.Add(new Keypoint(JsonReading.Single(point, "x", at), JsonReading.Single(point, "y", at), JsonReading.OptionalSingle(point, "confidence", at)));
        }
        var withImage = (options ?? ConversionOptions.Default) with
        {
            ImageWidth = pose.TryGetProperty("imageWidth", out var w) && w.ValueKind == JsonValueKind.Number ? w.GetInt32() : options?.ImageWidth,
            ImageHeight = pose.TryGetProperty("imageHeight", out var h) && h.ValueKind == JsonValueKind.Number ? h.GetInt32() : options?.ImageHeight,
        };
        return LayoutConverter.ToModel13(layout, keypoints.ToArray(), withImage);
    }
}
