using System.Globalization;
using PoseSearch.Cli.Common;

namespace PoseSearch.Cli.Operations.Synthesis;

/// <summary>
/// Where the random cameras of `posesearch synth` may stand, uniform in each range: azimuth
/// around the person, elevation above the horizontal through the aim point (positive looks
/// down), distance from the aim point, focal length. The defaults span what a filmed person
/// looks like: any side, eye level to a raised camera, full body to a wide shot.
/// </summary>
internal sealed record CameraRanges
{
    public double AzimuthMinDegrees { get; init; } = -180;
    public double AzimuthMaxDegrees { get; init; } = 180;
    public double ElevationMinDegrees { get; init; } = -10;
    public double ElevationMaxDegrees { get; init; } = 40;
    public double DistanceMinMetres { get; init; } = 3;
    public double DistanceMaxMetres { get; init; } = 9;
    public double FocalMinPixels { get; init; } = 800;
    public double FocalMaxPixels { get; init; } = 1600;
    public int ImageWidth { get; init; } = 1920;
    public int ImageHeight { get; init; } = 1080;

    /// <summary>The point every camera looks at: above the pelvis of a pose placed at the origin (mm).</summary>
    public double AimHeightMillimetres { get; init; } = 1000;

    public static CameraRanges Default { get; } = new();

    /// <exception cref="CliInputException">An empty or reversed range, or a value that cannot make a camera.</exception>
    public void Validate()
    {
        Check("azimuth", AzimuthMinDegrees, AzimuthMaxDegrees, -360, 360);
        // Near +-90 degrees the camera looks straight down or up and its "right" direction is undefined.
        Check("elevation", ElevationMinDegrees, ElevationMaxDegrees, -80, 80);
        // Closer than 2 m a standing person (1.8 m) leaves the clamped 45-degree cone of the distortion model.
        Check("distance", DistanceMinMetres, DistanceMaxMetres, 2, 1000);
        Check("focal length", FocalMinPixels, FocalMaxPixels, 1, 1e6);
        if (ImageWidth <= 0 || ImageHeight <= 0)
        {
            throw new CliInputException($"camera image size must be positive, got {ImageWidth} x {ImageHeight}");
        }

        if (!double.IsFinite(AimHeightMillimetres))
        {
            throw new CliInputException("camera aim height must be a finite number");
        }
    }

    private static void Check(string what, double min, double max, double lowest, double highest)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || min > max || min < lowest || max > highest)
        {
            throw new CliInputException(string.Create(CultureInfo.InvariantCulture,
                $"camera {what} range [{min}, {max}] is invalid: it needs min <= max within [{lowest}, {highest}]"));
        }
    }
}
