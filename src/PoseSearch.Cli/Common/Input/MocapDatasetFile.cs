using PoseSearch.Core.Geometry;

namespace PoseSearch.Cli.Common.Input;

/// <summary>Reads and checks a 3D pose dataset npz (docs/data-formats.md); every problem names the array.</summary>
internal static class MocapDatasetFile
{
    public static MocapDataset Read(string path)
    {
        using var npz = NpzArrays.Open(path);
        var shape = npz.Shape("poses3d");
        if (shape.Length != 3 || shape[1] != Skeleton17.JointCount || shape[2] != 3)
        {
            throw new CliInputException($"{path}: poses3d must have shape [N, {Skeleton17.JointCount}, 3], got [{string.Join(", ", shape)}]");
        }

        var n = shape[0];
        var poses = npz.Floats("poses3d");
        for (var i = 0; i < poses.Length; i++)
        {
            if (!float.IsFinite(poses[i]))
            {
                throw new CliInputException($"{path}: poses3d row {i / Skeleton17.ValueCount} has a non-finite coordinate");
            }
        }

        var clipId = npz.Ints("clip_id");
        var frameIndex = npz.Ints("frame_index");
        var clipNames = npz.Strings("clip_names");
        npz.RequireLength("clip_id", n);
        npz.RequireLength("frame_index", n);
        for (var i = 0; i < n; i++)
        {
            if (clipId[i] < 0 || clipId[i] >= clipNames.Length)
            {
                throw new CliInputException($"{path}: clip_id[{i}] = {clipId[i]} is not an index into clip_names ({clipNames.Length} names)");
            }
        }
        string[]? split = null;
        if (npz.Has("split"))
        {
            split = npz.Strings("split");
            npz.RequireLength("split", n);
        }
        return new MocapDataset
        {
            Path = path,
            Poses3D = poses,
            ClipId = clipId,
            FrameIndex = frameIndex,
            ClipNames = clipNames,
            Fps = ReadFps(npz, path),
            Split = split,
            Source = npz.Has("source") ? string.Join(" ", npz.Strings("source")) : System.IO.Path.GetFileNameWithoutExtension(path),
            License = npz.Has("license") ? string.Join(" ", npz.Strings("license")) : "unknown",
        };
    }

    /// <summary>The frame rate, or 0 when the file does not say.</summary>
    private static float ReadFps(NpzArrays npz, string path)
    {
        if (!npz.Has("fps"))
        {
            return 0f;
        }

        var values = npz.Floats("fps");
        return values.Length == 1 && float.IsFinite(values[0]) && values[0] >= 0
            ? values[0]
            : throw new CliInputException($"{path}: fps must be a single non-negative number");
    }
}
