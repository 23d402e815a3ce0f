using System.Numerics;
using PoseSearch.Cli.Common;
using PoseSearch.Cli.Operations.Synthesis;

namespace PoseSearch.Cli.Tests.Operations.Synthesis;

public class SyntheticCameraTests
{
    private const int Width = 1920;
    private const int Height = 1080;
    private const double Aim = 1000;

    [Fact]
    public void Centre_lies_on_the_sphere_of_the_given_distance_azimuth_and_elevation()
    {
        // az 0, el 0, 5 m: on the +x axis at the aim height.
        Assert.Equal(new Vector3(5000, 0, 1000), new SyntheticCamera(0, 0, 5, 1000).Centre(Aim));
        // az 90, el 30, 4 m: x = 0, y = 4000 cos 30 = 3464.1, z = 1000 + 4000 sin 30 = 3000.
        var centre = new SyntheticCamera(90, 30, 4, 1000).Centre(Aim);
        Assert.Equal(0, centre.X, 0.01f);
        Assert.Equal(3464.10, centre.Y, 0.01f);
        Assert.Equal(3000, centre.Z, 0.01f);
    }

    [Theory]
    [InlineData(0, 0, 5)]
    [InlineData(137, 25, 3.5)]
    [InlineData(-60, -10, 8)]
    public void The_aim_point_projects_to_the_image_centre(double azimuth, double elevation, double distance)
    {
        var camera = new SyntheticCamera(azimuth, elevation, distance, 1200).ToPinhole("c", Width, Height, Aim);
        var pixel = Project(camera, new Vector3(0, 0, (float)Aim));
        Assert.Equal(Width / 2f, pixel.X, 0.01f);
        Assert.Equal(Height / 2f, pixel.Y, 0.01f);
    }

    [Fact]
    public void A_point_to_the_cameras_right_lands_right_of_centre_by_focal_times_offset_over_depth()
    {
        // Camera on +x looking towards -x with z up: its right is world +y (forward x up = (-1,0,0) x (0,0,1) = (0,1,0)).
        var camera = new SyntheticCamera(0, 0, 5, 1200).ToPinhole("c", Width, Height, Aim);
        var pixel = Project(camera, new Vector3(0, 100, 1000));
        Assert.Equal(Width / 2f + 1200f * 100 / 5000, pixel.X, 0.01f);
        Assert.Equal(Height / 2f, pixel.Y, 0.01f);
    }

    [Fact]
    public void Up_in_the_world_is_up_in_the_image()
    {
        var camera = new SyntheticCamera(45, 20, 6, 1000).ToPinhole("c", Width, Height, Aim);
        var head = Project(camera, new Vector3(0, 0, 1700));
        var feet = Project(camera, new Vector3(0, 0, 0));
        Assert.True(head.Y < Height / 2f && feet.Y > Height / 2f, $"head at y {head.Y}, feet at y {feet.Y}");
    }

    [Fact]
    public void Metadata_json_names_the_camera_parameters()
    {
        var json = new SyntheticCamera(-12.34, 5.56, 4.257, 1234.4).ToMetadataJson(2);
        Assert.Equal("""{"camera":2,"azimuth_deg":-12.3,"elevation_deg":5.6,"distance_m":4.26,"focal_px":1234}""", json);
    }

    [Fact]
    public void Sampler_is_reproducible_and_stays_inside_the_ranges()
    {
        var ranges = CameraRanges.Default;
        var a = new RandomCameraSampler(ranges, 7);
        var b = new RandomCameraSampler(ranges, 7);
        var c = new RandomCameraSampler(ranges, 8);
        var fromA = Enumerable.Range(0, 500).Select(_ => a.Next()).ToList();
        Assert.Equal(fromA, Enumerable.Range(0, 500).Select(_ => b.Next()).ToList());
        Assert.NotEqual(fromA, Enumerable.Range(0, 500).Select(_ => c.Next()).ToList());
        Assert.All(fromA, camera =>
        {
            Assert.InRange(camera.AzimuthDegrees, ranges.AzimuthMinDegrees, ranges.AzimuthMaxDegrees);
            Assert.InRange(camera.ElevationDegrees, ranges.ElevationMinDegrees, ranges.ElevationMaxDegrees);
            Assert.InRange(camera.DistanceMetres, ranges.DistanceMinMetres, ranges.DistanceMaxMetres);
            Assert.InRange(camera.FocalPixels, ranges.FocalMinPixels, ranges.FocalMaxPixels);
        });
        // Uniform over [-180, 180]: both halves of the circle are used.
        Assert.Contains(fromA, camera => camera.AzimuthDegrees < -90);
        Assert.Contains(fromA, camera => camera.AzimuthDegrees > 90);
    }

    [Fact]
    public void Invalid_ranges_are_refused_by_name()
    {
        var reversed = CameraRanges.Default with { DistanceMinMetres = 9, DistanceMaxMetres = 3 };
        Assert.Contains("distance", Assert.Throws<CliInputException>(() => new RandomCameraSampler(reversed, 1)).Message);
        var vertical = CameraRanges.Default with { ElevationMaxDegrees = 90 };
        Assert.Contains("elevation", Assert.Throws<CliInputException>(() => new RandomCameraSampler(vertical, 1)).Message);
    }

    private static Vector2 Project(Core.Cameras.PinholeCamera camera, Vector3 world)
    {
        Span<Vector2> pixels = stackalloc Vector2[1];
        Assert.True(camera.Project([world], pixels));
        return pixels[0];
    }
}
