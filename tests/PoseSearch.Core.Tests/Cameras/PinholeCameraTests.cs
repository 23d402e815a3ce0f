using System.Numerics;
using PoseSearch.Core.Cameras;

namespace PoseSearch.Core.Tests.Cameras;

public class PinholeCameraTests
{
    private static PinholeCamera Camera(Quaternion orientation, Vector3 centre, float k1 = 0.1f, float k2 = 0.01f, float k3 = 0.001f, float p1 = 0.001f, float p2 = -0.002f) =>
        new("test", 1000, 1000, 1000f, 1000f, 500f, 500f, k1, k2, k3, p1, p2, orientation, centre);

    [Fact]
    public void Hand_computed_projection_with_distortion()
    {
        var camera = Camera(Quaternion.Identity, Vector3.Zero);
        var pixels = new Vector2[1];
        Assert.True(camera.Project(new[] { new Vector3(200, -100, 1000) }, pixels));
        // x = 0.2, y = -0.1, r2 = 0.05; radial = 1 + 0.1 * 0.05 + 0.01 * 0.0025 + 0.001 * 0.000125 = 1.005025125
        // tan = 0.001 * 0.2 + (-0.002) * (-0.1) = 0.0004
        // x' = 0.2 * 1.005425125 + 0.001 * 0.05 = 0.201135025; y' = -0.1 * 1.005425125 - 0.002 * 0.05 = -0.1006425125
        Assert.Equal(701.135025f, pixels[0].X, 3);
        Assert.Equal(399.3574875f, pixels[0].Y, 3);
    }

    [Fact]
    public void Without_distortion_it_is_a_plain_pinhole()
    {
        var camera = Camera(Quaternion.Identity, Vector3.Zero, 0, 0, 0, 0, 0);
        Assert.Equal(new Vector2(500 + 1000 * 0.3f, 500 - 1000 * 0.25f), camera.ProjectCameraPoint(new Vector3(600, -500, 2000)));
    }

    [Fact]
    public void World_to_camera_uses_the_inverse_of_the_camera_to_world_rotation()
    {
        // Camera-to-world: 90 degrees about world z, so the camera x axis points along world +y
        // and camera y along world -x. World = centre + R * (1, 2, 3) = centre + (-2, 1, 3).
        var centre = new Vector3(100, 200, 300);
        var camera = Camera(Quaternion.CreateFromAxisAngle(Vector3.UnitZ, MathF.PI / 2), centre);
        var inCamera = camera.WorldToCamera(centre + new Vector3(-2, 1, 3));
        Assert.True(Vector3.Distance(new Vector3(1, 2, 3), inCamera) < 1e-4f, inCamera.ToString());
    }

    [Fact]
    public void Normalized_coordinates_are_clamped_like_videopose3d()
    {
        var camera = Camera(Quaternion.Identity, Vector3.Zero, 0, 0, 0, 0, 0);
        // X / Z = 3 is clamped to 1: pixel x = 1000 * 1 + 500
        Assert.Equal(1500f, camera.ProjectCameraPoint(new Vector3(3000, 0, 1000)).X);
    }

    [Fact]
    public void Points_behind_the_camera_are_flagged_as_NaN()
    {
        var camera = Camera(Quaternion.Identity, Vector3.Zero);
        var pixels = new Vector2[3];
        var allInFront = camera.Project(new[] { new Vector3(0, 0, 1000), new Vector3(0, 0, -1000), new Vector3(5, 5, 0) }, pixels);
        Assert.False(allInFront);
        Assert.True(float.IsFinite(pixels[0].X));
        Assert.True(float.IsNaN(pixels[1].X) && float.IsNaN(pixels[1].Y));
        Assert.True(float.IsNaN(pixels[2].X));
        Assert.False(camera.IsInsideImage(pixels[1]));
    }

    [Fact]
    public void Invalid_parameters_are_named()
    {
        Assert.Contains("unit quaternion", Assert.Throws<ArgumentException>(() => Camera(new Quaternion(0, 0, 0, 2), Vector3.Zero)).Message);
        Assert.Throws<ArgumentException>(() => Camera(Quaternion.Identity, Vector3.Zero).Project(new Vector3[2], new Vector2[1]));
    }
}

public class ModelPoseProjectorTests
{
    [Fact]
    public void Projects_the_model_joints_and_marks_joints_behind_the_camera_missing()
    {
        var camera = new PinholeCamera("plain", 1000, 1000, 1000f, 1000f, 500f, 500f, 0, 0, 0, 0, 0, Quaternion.Identity, Vector3.Zero);
        // Standing pose (y up) 3 m in front of the camera, scaled to millimetres; camera y points down, so flip y.
        var world = TestPoses.Standing().Select(p => new Vector3(p.X, -p.Y, p.Z + 3) * 1000).ToArray();
        world[PoseSearch.Core.Geometry.Skeleton17.RightAnkle] = new Vector3(0, 0, -500);   // behind the camera
        var coordinates = new float[26];
        var visibility = new float[13];
        Assert.Equal(12, ModelPoseProjector.Project(camera, world, coordinates, visibility));
        Assert.Equal(0f, visibility[PoseSearch.Core.Keypoints.ModelJoints.RightAnkle]);
        // left wrist (0.22, 0.95, 0.12) m -> camera (220, -950, 3120) mm -> (500 + 1000 * 220 / 3120, 500 - 1000 * 950 / 3120)
        Assert.Equal(500 + 1000 * 220f / 3120f, coordinates[2 * PoseSearch.Core.Keypoints.ModelJoints.LeftWrist], 3);
        Assert.Equal(500 - 1000 * 950f / 3120f, coordinates[2 * PoseSearch.Core.Keypoints.ModelJoints.LeftWrist + 1], 3);

        world[PoseSearch.Core.Geometry.Skeleton17.Nose] = new Vector3(5000, 0, 3000);   // in front, but far right of the image
        var pose = ModelPoseProjector.Project(camera, world, requireInsideImage: true);
        Assert.False(pose.IsVisible(PoseSearch.Core.Keypoints.ModelJoints.Nose));
        Assert.Equal(11, pose.VisibleCount);
    }
}
