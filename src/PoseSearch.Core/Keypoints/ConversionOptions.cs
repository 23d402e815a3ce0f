namespace PoseSearch.Core.Keypoints;

/// <summary>How <see cref="LayoutConverter"/> turns a layout's keypoints into a <see cref="ModelPose"/>.</summary>
public sealed record ConversionOptions
{
    public static ConversionOptions Default { get; } = new();

    /// <summary>A joint whose confidence is below this counts as missing. Joints without a confidence are kept.</summary>
    public float MinConfidence { get; init; } = 0.1f;

    /// <summary>Image width in pixels; required for layouts with normalized coordinates (MediaPipe).</summary>
    public int? ImageWidth { get; init; }

    /// <summary>Image height in pixels; required for layouts with normalized coordinates (MediaPipe).</summary>
    public int? ImageHeight { get; init; }
}
