namespace PoseSearch.Core.Keypoints;

/// <summary>
/// Converts keypoints of any <see cref="KeypointLayout"/> into the model's 13 joints.
/// A model joint is missing (visibility 0, coordinates 0) when the layout lacks it, its
/// confidence is below <see cref="ConversionOptions.MinConfidence"/>, its coordinates are
/// exactly (0, 0) (OpenPose's and COCO's "not detected"), or a coordinate is not finite.
/// </summary>
public static class LayoutConverter
{
    /// <exception cref="PoseFormatException">Wrong keypoint count, NaN confidence, or a normalized layout without image size.</exception>
    public static ModelPose ToModel13(KeypointLayout layout, ReadOnlySpan<Keypoint> keypoints, ConversionOptions? options = null)
    {
        Span<float> coordinates = stackalloc float[ModelJoints.CoordinateCount];
        Span<float> visibility = stackalloc float[ModelJoints.Count];
        ToModel13(layout, keypoints, options, coordinates, visibility);
        return new ModelPose(coordinates, visibility);
    }

    /// <summary>Batch-friendly form: writes 26 coordinates and 13 visibility values into the caller's buffers.</summary>
    public static void ToModel13(KeypointLayout layout, ReadOnlySpan<Keypoint> keypoints, ConversionOptions? options,
        Span<float> coordinates, Span<float> visibility)
    {
        ArgumentNullException.ThrowIfNull(layout);
        options ??= ConversionOptions.Default;
        if (coordinates.Length != ModelJoints.CoordinateCount)
        {
            throw new ArgumentException($"coordinates buffer must hold {ModelJoints.CoordinateCount} values, got {coordinates.Length}", nameof(coordinates));
        }

        if (visibility.Length != ModelJoints.Count)
        {
            throw new ArgumentException($"visibility buffer must hold {ModelJoints.Count} values, got {visibility.Length}", nameof(visibility));
        }

        if (!float.IsFinite(options.MinConfidence))
        {
            throw new PoseFormatException($"MinConfidence must be a finite number, got {options.MinConfidence}");
        }

        if (keypoints.Length != layout.JointCount)
        {
            throw new PoseFormatException($"{layout.Name} expects {layout.JointCount} keypoints, got {keypoints.Length}");
        }

        var (scaleX, scaleY) = PixelScale(layout, options);
        for (var i = 0; i < keypoints.Length; i++)
        {
            if (keypoints[i].Confidence is { } c && float.IsNaN(c))
            {
                throw new PoseFormatException($"{layout.Name} keypoint {i} ({layout.JointNames[i]}) has a NaN confidence");
            }
        }

        var source = layout.ModelJointSourceSpan;
        for (var j = 0; j < ModelJoints.Count; j++)
        {
            coordinates[2 * j] = 0f;
            coordinates[2 * j + 1] = 0f;
            visibility[j] = 0f;
            if (source[j] < 0)
            {
                continue;
            }

            var kp = keypoints[source[j]];
            if (!IsPresent(kp, options.MinConfidence))
            {
                continue;
            }

            coordinates[2 * j] = kp.X * scaleX;
            coordinates[2 * j + 1] = kp.Y * scaleY;
            visibility[j] = 1f;
        }
    }

    private static bool IsPresent(Keypoint kp, float minConfidence)
    {
        if (!float.IsFinite(kp.X) || !float.IsFinite(kp.Y))
        {
            return false;
        }

        if (kp.X == 0f && kp.Y == 0f)
        {
            return false;
        }

        return kp.Confidence is not { } c || c >= minConfidence;
    }

    private static (float X, float Y) PixelScale(KeypointLayout layout, ConversionOptions options)
    {
        if (!layout.CoordinatesAreNormalized)
        {
            return (1f, 1f);
        }

        if (options.ImageWidth is not { } width || options.ImageHeight is not { } height)
        {
            throw new PoseFormatException(
                $"{layout.Name} coordinates are fractions of the image size; ImageWidth and ImageHeight are required");
        }

        if (width <= 0 || height <= 0)
        {
            throw new PoseFormatException($"image size must be positive, got {width} x {height}");
        }

        return (width, height);
    }
}
