using System.Diagnostics.CodeAnalysis;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Core.Normalization;

/// <summary>
/// The 2D normalization of docs/model-contract.md, the same rule the ONNX graph applies:
/// only visible anchors (shoulders, hips) count; centre = mean of the visible hips, else of the
/// visible shoulders; scale = largest pairwise distance among the visible anchors;
/// normalized = (p - centre) / scale * 0.5; missing joints become (0, 0). A pose needs at least
/// 2 visible anchors, scale &gt; 1e-6 (input units), and every visible joint within
/// <see cref="MaxNormalizedCoordinate"/> of the centre after normalization.
/// </summary>
public static class PoseNormalizer2D
{
    public const float MinScale = 1e-6f;
    public const float ScaleFactor = 0.5f;

    /// <summary>
    /// Largest |x| or |y| of a visible joint after normalization. Real detections stay below 8
    /// (1,259 COCO val2017 people: 99.9th percentile 6.7, largest 7.3); beyond it the visible
    /// anchors nearly coincide for the pose's size (say a side view with only the two shoulders
    /// visible), the normalization divides by almost nothing, and the model is far outside what it
    /// was trained on, so its embedding means nothing (docs/model-contract.md).
    /// </summary>
    public const float MaxNormalizedCoordinate = 16f;

    /// <summary>The message prefix of every rejection; the contract names it.</summary>
    public const string RejectionMessage = "too few visible anchor joints";

    /// <summary>The message prefix of a pose whose visible anchors are too close together for its size.</summary>
    public const string ExtentRejectionMessage = "visible anchor joints too close together";

    private static readonly int[] Anchors = { ModelJoints.LeftShoulder, ModelJoints.RightShoulder, ModelJoints.LeftHip, ModelJoints.RightHip };
    private static readonly int[] Hips = { ModelJoints.LeftHip, ModelJoints.RightHip };
    private static readonly int[] Shoulders = { ModelJoints.LeftShoulder, ModelJoints.RightShoulder };

    /// <returns>26 normalized coordinates, x and y interleaved.</returns>
    /// <exception cref="PoseFormatException">Fewer than 2 visible anchors, or the visible anchors coincide.</exception>
    public static float[] Normalize(ModelPose pose)
    {
        ArgumentNullException.ThrowIfNull(pose);
        var result = new float[ModelJoints.CoordinateCount];
        Normalize(pose.Coordinates, pose.Visibility, result);
        return result;
    }

    public static bool TryNormalize(ModelPose pose, [NotNullWhen(true)] out float[]? normalized)
    {
        ArgumentNullException.ThrowIfNull(pose);
        var result = new float[ModelJoints.CoordinateCount];
        normalized = TryNormalize(pose.Coordinates, pose.Visibility, result) ? result : null;
        return normalized is not null;
    }

    /// <summary>Normalizes one pose given as 26 interleaved coordinates and 13 visibility values (0/1).</summary>
    /// <exception cref="PoseFormatException">Rejected pose (message starts with <see cref="RejectionMessage"/> or <see cref="ExtentRejectionMessage"/>), a visibility other than 0/1, or a non-finite visible coordinate.</exception>
    public static void Normalize(ReadOnlySpan<float> coordinates, ReadOnlySpan<float> visibility, Span<float> destination)
    {
        var outcome = Compute(coordinates, visibility, destination);
        if (outcome.Rejection is { } reason)
        {
            throw new PoseFormatException(reason);
        }
    }

    /// <returns>False (and zeros in <paramref name="destination"/>) when the pose has too few usable anchors, or anchors too close together for its size.</returns>
    /// <exception cref="PoseFormatException">Malformed input: lengths, visibility other than 0/1, non-finite visible coordinate.</exception>
    public static bool TryNormalize(ReadOnlySpan<float> coordinates, ReadOnlySpan<float> visibility, Span<float> destination)
        => Compute(coordinates, visibility, destination).Rejection is null;

    /// <summary>
    /// Normalizes N poses stored row after row (N x 26 coordinates, N x 13 visibility) into
    /// <paramref name="destination"/> (N x 26). Rejected rows are zero-filled and flagged false in
    /// <paramref name="valid"/>.
    /// </summary>
    /// <returns>The number of valid rows.</returns>
    public static int NormalizeBatch(ReadOnlySpan<float> coordinates, ReadOnlySpan<float> visibility, Span<float> destination, Span<bool> valid)
    {
        var rows = valid.Length;
        if (coordinates.Length != rows * ModelJoints.CoordinateCount || destination.Length != rows * ModelJoints.CoordinateCount)
        {
            throw new ArgumentException($"coordinates and destination must hold {rows} x {ModelJoints.CoordinateCount} values, got {coordinates.Length} and {destination.Length}");
        }

        if (visibility.Length != rows * ModelJoints.Count)
        {
            throw new ArgumentException($"visibility must hold {rows} x {ModelJoints.Count} values, got {visibility.Length}", nameof(visibility));
        }

        var validCount = 0;
        for (var row = 0; row < rows; row++)
        {
            var ok = TryNormalize(
                coordinates.Slice(row * ModelJoints.CoordinateCount, ModelJoints.CoordinateCount),
                visibility.Slice(row * ModelJoints.Count, ModelJoints.Count),
                destination.Slice(row * ModelJoints.CoordinateCount, ModelJoints.CoordinateCount));
            valid[row] = ok;
            if (ok)
            {
                validCount++;
            }
        }
        return validCount;
    }

    private readonly record struct Outcome(string? Rejection);

    private static Outcome Compute(ReadOnlySpan<float> coordinates, ReadOnlySpan<float> visibility, Span<float> destination)
    {
        if (coordinates.Length != ModelJoints.CoordinateCount)
        {
            throw new PoseFormatException($"expected {ModelJoints.CoordinateCount} coordinates (13 joints x 2), got {coordinates.Length}");
        }

        if (visibility.Length != ModelJoints.Count)
        {
            throw new PoseFormatException($"expected {ModelJoints.Count} visibility values, got {visibility.Length}");
        }

        if (destination.Length != ModelJoints.CoordinateCount)
        {
            throw new ArgumentException($"destination must hold {ModelJoints.CoordinateCount} values, got {destination.Length}", nameof(destination));
        }

        for (var j = 0; j < ModelJoints.Count; j++)
        {
            var v = visibility[j];
            if (v != 0f && v != 1f)
            {
                throw new PoseFormatException($"visibility of {ModelJoints.Names[j]} must be 0 or 1, got {v}");
            }

            if (v == 1f && (!float.IsFinite(coordinates[2 * j]) || !float.IsFinite(coordinates[2 * j + 1])))
            {
                throw new PoseFormatException($"visible joint {ModelJoints.Names[j]} has a non-finite coordinate ({coordinates[2 * j]}, {coordinates[2 * j + 1]})");
            }
        }

        destination.Clear();

        var visibleAnchors = 0;
        foreach (var a in Anchors)
        {
            if (visibility[a] == 1f)
            {
                visibleAnchors++;
            }
        }

        if (visibleAnchors < 2)
        {
            return new Outcome($"{RejectionMessage}: {visibleAnchors} of 4 (left/right shoulder, left/right hip) visible, at least 2 needed");
        }

        // Centre: the visible hips if any, else the visible shoulders.
        double cx = 0, cy = 0;
        var centreCount = 0;
        foreach (var hip in Hips)
        {
            if (visibility[hip] != 1f)
            {
                continue;
            }

            cx += coordinates[2 * hip];
            cy += coordinates[2 * hip + 1];
            centreCount++;
        }
        if (centreCount == 0)
        {
            foreach (var shoulder in Shoulders)
            {
                if (visibility[shoulder] != 1f)
                {
                    continue;
                }

                cx += coordinates[2 * shoulder];
                cy += coordinates[2 * shoulder + 1];
                centreCount++;
            }
        }
        cx /= centreCount;
        cy /= centreCount;

        double scale = 0;
        for (var i = 0; i < Anchors.Length; i++)
        {
            if (visibility[Anchors[i]] != 1f)
            {
                continue;
            }

            for (var k = i + 1; k < Anchors.Length; k++)
            {
                if (visibility[Anchors[k]] != 1f)
                {
                    continue;
                }

                double dx = coordinates[2 * Anchors[i]] - coordinates[2 * Anchors[k]];
                double dy = coordinates[2 * Anchors[i] + 1] - coordinates[2 * Anchors[k] + 1];
                scale = Math.Max(scale, Math.Sqrt(dx * dx + dy * dy));
            }
        }
        if (!(scale > MinScale))
        {
            return new Outcome($"{RejectionMessage}: the visible anchors coincide (scale {scale:G3} <= {MinScale:G1})");
        }

        double extent = 0;
        for (var j = 0; j < ModelJoints.Count; j++)
        {
            if (visibility[j] != 1f)
            {
                continue;
            }

            destination[2 * j] = (float)((coordinates[2 * j] - cx) / scale * ScaleFactor);
            destination[2 * j + 1] = (float)((coordinates[2 * j + 1] - cy) / scale * ScaleFactor);
            extent = Math.Max(extent, Math.Max(Math.Abs(destination[2 * j]), Math.Abs(destination[2 * j + 1])));
        }
        if (extent > MaxNormalizedCoordinate)
        {
            destination.Clear();
            return new Outcome(
                $"{ExtentRejectionMessage}: the pose spans {extent / ScaleFactor:G3} times the largest distance between its visible shoulders/hips " +
                $"(at most {MaxNormalizedCoordinate / ScaleFactor:G3}); mark the anchors visible only where the detector placed them, or send more of them");
        }
        return new Outcome(null);
    }
}
