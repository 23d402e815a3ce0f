using PoseSearch.Api.Contracts;
using PoseSearch.Core.IO;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Api.Validation;

/// <summary>
/// Checks and converts a request's pose sequence: at least one frame and at most the cap, one
/// time key for all frames (frame numbers, timestamps, or neither), no repeated time, every pose
/// valid in its layout. A pose without anchor joints passes: the alignment skips its frame.
/// </summary>
public sealed class SequenceConverter(PoseConverter poses)
{
    /// <returns>The sequence in time order, or null after adding the problems to <paramref name="errors"/>.</returns>
    public ConvertedSequence? Convert(SequenceDto? dto, string path, int maxFrames, ValidationErrors errors)
    {
        if (dto is null)
        {
            errors.Add(path, "a sequence is required");
            return null;
        }

        var frames = dto.Frames;
        var framesPath = $"{path}.frames";
        if (frames is null || frames.Count == 0)
        {
            errors.Add(framesPath, "at least one frame is required");
            return null;
        }

        if (frames.Count > maxFrames)
        {
            errors.Add(framesPath, $"at most {maxFrames} frames per sequence, got {frames.Count}");
            return null;
        }

        var before = errors.Count;
        var byFrame = frames.Any(f => f?.Frame is not null);
        var byTime = frames.Any(f => f?.TimestampSeconds is not null);
        if (byFrame && byTime)
        {
            errors.Add(framesPath, "give every frame a frame number or every frame a timestampSeconds, not both kinds");
            return null;
        }

        var keyed = new List<(double Key, long? Frame, ModelPose? Pose, int Index)>(frames.Count);
        for (var i = 0; i < frames.Count; i++)
        {
            var at = $"{framesPath}[{i}]";
            if (errors.IsFull)
            {
                errors.Add(framesPath, $"{at} and later were not checked");
                break;
            }

            var frame = frames[i];
            if (frame is null)
            {
                errors.Add(at, "a frame needs a pose");
                continue;
            }

            double key = i;
            if (byFrame)
            {
                if (frame.Frame is not { } number || number < 0)
                {
                    errors.Add($"{at}.frame", frame.Frame is null ? "required, as the other frames have one" : $"must be >= 0, got {frame.Frame}");
                    continue;
                }

                key = number;
            }
            else if (byTime)
            {
                if (frame.TimestampSeconds is not { } seconds || !double.IsFinite(seconds) || seconds < 0)
                {
                    errors.Add($"{at}.timestampSeconds", frame.TimestampSeconds is null
                        ? "required, as the other frames have one"
                        : $"must be a finite number >= 0, got {frame.TimestampSeconds}");
                    continue;
                }

                key = seconds;
            }

            keyed.Add((key, frame.Frame, poses.Convert(frame.Pose, $"{at}.pose", errors, requireAnchors: false), i));
        }

        if (errors.Count > before)
        {
            return null;
        }

        keyed.Sort((x, y) => x.Key.CompareTo(y.Key));
        for (var i = 1; i < keyed.Count; i++)
        {
            if (keyed[i].Key == keyed[i - 1].Key)
            {
                var member = byFrame ? "frame" : "timestampSeconds";
                errors.Add($"{framesPath}[{keyed[i].Index}].{member}", $"{keyed[i].Key} appears twice (also at {framesPath}[{keyed[i - 1].Index}])");
                return null;
            }
        }

        var converted = keyed.Select((k, position) => new SequenceFrame(byFrame ? k.Frame!.Value : position, k.Pose!)).ToList();
        return new ConvertedSequence(converted, byTime ? keyed.Select(k => k.Key).ToList() : null);
    }
}
