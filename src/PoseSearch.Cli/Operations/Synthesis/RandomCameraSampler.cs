namespace PoseSearch.Cli.Operations.Synthesis;

/// <summary>Draws <see cref="SyntheticCamera"/>s uniformly within <see cref="CameraRanges"/>; the same seed gives the same cameras.</summary>
internal sealed class RandomCameraSampler
{
    private readonly CameraRanges _ranges;
    private readonly Random _random;

    public RandomCameraSampler(CameraRanges ranges, int seed)
    {
        ranges.Validate();
        _ranges = ranges;
        _random = new Random(seed);
    }

    public SyntheticCamera Next() => new(
        Uniform(_ranges.AzimuthMinDegrees, _ranges.AzimuthMaxDegrees),
        Uniform(_ranges.ElevationMinDegrees, _ranges.ElevationMaxDegrees),
        Uniform(_ranges.DistanceMinMetres, _ranges.DistanceMaxMetres),
        Uniform(_ranges.FocalMinPixels, _ranges.FocalMaxPixels));

    private double Uniform(double min, double max) => min + (max - min) * _random.NextDouble();
}
