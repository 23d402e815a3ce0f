using Microsoft.Extensions.Options;
using PoseSearch.Api.Contracts;
using PoseSearch.Api.Startup;
using PoseSearch.Core;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Normalization;

namespace PoseSearch.Api.Validation;

/// <summary>
/// Turns a client pose (any known layout) into the model's 13 joints, or reports why it cannot:
/// unknown layout, wrong joint count, missing or non-finite numbers, bad image size, too few
/// visible anchor joints. Poses that pass reach the model; nothing else does.
/// </summary>
public sealed class PoseConverter(IOptions<PoseSearchOptions> options)
{
    private const int MaxImageSide = 100_000;

    /// <param name="requireAnchors">
    /// Refuse a pose without two visible anchor joints. Sequences pass false: a frame that lost its
    /// anchors is skipped by the alignment, not an error of the request.
    /// </param>
    /// <returns>The converted pose, or null after adding the problems to <paramref name="errors"/>.</returns>
    public ModelPose? Convert(PoseDto? dto, string path, ValidationErrors errors, bool requireAnchors = true)
    {
        if (dto is null)
        {
            errors.Add(path, "a pose is required");
            return null;
        }

        var before = errors.Count;
        if (!KeypointLayouts.TryGet(dto.Layout, out var layout))
        {
            var shown = string.IsNullOrWhiteSpace(dto.Layout) ? "missing" : $"'{dto.Layout}'";
            errors.Add($"{path}.layout",
                $"unknown keypoint layout ({shown}); known layouts: {string.Join(", ", KeypointLayouts.All.Select(l => l.Name))}");
        }

        CheckImageSide(dto.ImageWidth, $"{path}.imageWidth", errors);
        CheckImageSide(dto.ImageHeight, $"{path}.imageHeight", errors);

        if (dto.Keypoints is null || dto.Keypoints.Count == 0)
        {
            errors.Add($"{path}.keypoints", "keypoints are required");
            return null;
        }

        if (layout is not null && dto.Keypoints.Count != layout.JointCount)
        {
            errors.Add($"{path}.keypoints", $"{layout.Name} expects {layout.JointCount} keypoints, got {dto.Keypoints.Count}");
        }

        var keypoints = new Keypoint[dto.Keypoints.Count];
        for (var i = 0; i < dto.Keypoints.Count; i++)
        {
            var kp = dto.Keypoints[i];
            var kpPath = $"{path}.keypoints[{i}]";
            if (kp is null)
            {
                errors.Add(kpPath, "a keypoint needs x and y");
                continue;
            }

            var x = ReadCoordinate(kp.X, $"{kpPath}.x", errors);
            var y = ReadCoordinate(kp.Y, $"{kpPath}.y", errors);
            float? confidence = null;
            if (kp.Confidence is { } c)
            {
                if (!double.IsFinite(c) || !float.IsFinite((float)c))
                {
                    errors.Add($"{kpPath}.confidence", $"confidence must be a finite number, got {c}");
                }
                else
                {
                    confidence = (float)c;
                }
            }

            keypoints[i] = new Keypoint(x, y, confidence);
        }

        if (errors.Count > before || layout is null)
        {
            return null;
        }

        try
        {
            var pose = LayoutConverter.ToModel13(layout, keypoints, new ConversionOptions
            {
                MinConfidence = options.Value.MinConfidence,
                ImageWidth = dto.ImageWidth,
                ImageHeight = dto.ImageHeight,
            });

            // The model needs at least two visible anchors (shoulders/hips) to normalize the pose.
            if (requireAnchors)
            {
                PoseNormalizer2D.Normalize(pose);
            }

            return pose;
        }
        catch (PoseFormatException e)
        {
            errors.Add(path, e.Message);
            return null;
        }
    }

    private static float ReadCoordinate(double? value, string path, ValidationErrors errors)
    {
        if (value is not { } v)
        {
            errors.Add(path, "required");
            return 0f;
        }

        // A finite double beyond the float range would become infinity inside the model.
        if (!double.IsFinite(v) || !float.IsFinite((float)v))
        {
            errors.Add(path, $"must be a finite number, got {v}");
            return 0f;
        }

        return (float)v;
    }

    private static void CheckImageSide(int? value, string path, ValidationErrors errors)
    {
        if (value is { } v && (v <= 0 || v > MaxImageSide))
        {
            errors.Add(path, $"must be between 1 and {MaxImageSide} pixels, got {v}");
        }
    }
}
