using PoseSearch.Core.Cameras;

namespace PoseSearch.Cli.Common.Input;

/// <summary>Loads a rig JSON through Core, turning every problem into a one-line input error.</summary>
internal static class CameraRigFile
{
    public static LoadedRig Load(string path, string subject)
    {
        if (!File.Exists(path))
        {
            throw new CliInputException($"camera rig file '{path}' does not exist");
        }

        try
        {
            var rig = CameraRig.Load(path, subject);
            if (rig.Cameras.Count < 2)
            {
                throw new CliInputException($"{path}: cross-view retrieval needs at least 2 cameras, the rig has {rig.Cameras.Count}");
            }

            return new LoadedRig(Path.GetFileName(path), rig.Subject, rig.Cameras);
        }
        catch (ArgumentException e) when (e is not PoseSearch.Core.PoseFormatException)
        {
            // Core reports an unknown subject this way; the message lists the known ones.
            throw new CliInputException(e.Message.Split(" (Parameter")[0], e);
        }
    }
}

/// <summary>A rig's cameras for one subject, and the file they came from.</summary>
internal sealed record LoadedRig(string Name, string Subject, IReadOnlyList<PinholeCamera> Cameras);
