using System.Numerics;
using PoseSearch.Core.Cameras;
using PoseSearch.Core.Geometry;

namespace PoseSearch.Core.Tests.Cameras;

public class CameraRigTests
{
    private static readonly CameraRig Rig = CameraRig.LoadDefault();

    [Fact]
    public void Loads_the_four_human36m_cameras_for_S9()
    {
        Assert.Equal("S9", Rig.Subject);
        Assert.Equal(new[] { "54138969", "55011271", "58860488", "60457274" }, Rig.Cameras.Select(c => c.Id));
        var first = Rig.Cameras[0];
        Assert.Equal((1000, 1002), (first.Width, first.Height));
        Assert.Equal(1145.0494384765625f, first.Fx);
        Assert.Equal(-0.20709891617298126f, first.K1);
        Assert.Equal(-0.0009756988729350269f, first.P1);
        Assert.Equal(new Vector3(2044.45849609375f, 4935.1171875f, 1481.2275390625f), first.Centre);
        Assert.Equal(0.15540587902069092f, first.Orientation.W, 6);
    }

    [Fact]
    public void Unknown_subject_lists_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => CameraRig.LoadDefault("S3"));
        Assert.Contains("'S3'", e.Message);
        Assert.Contains("S1, S5, S6, S7, S8, S9, S11", e.Message);
    }

    [Fact]
    public void Malformed_file_is_named()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "{\"cameras\": [{\"id\": \"x\", \"resolution\": [1000]}]}");
            Assert.Contains("\"resolution\" must be an array of 2 numbers", Assert.Throws<InvalidDataException>(() => CameraRig.Load(path)).Message);
            File.WriteAllText(path, "{\"cameras\": ");
            Assert.Contains("not valid JSON", Assert.Throws<InvalidDataException>(() => CameraRig.Load(path)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_standing_person_at_the_origin_projects_upright_and_inside_every_camera()
    {
        var world = RigPlacement.PlaceAtOrigin(TestPoses.Standing());
        foreach (var camera in Rig.Cameras)
        {
            var pixels = new Vector2[17];
            Assert.True(camera.Project(world, pixels), $"{camera}: a joint is behind the camera");
            Assert.All(pixels, p => Assert.True(camera.IsInsideImage(p), $"{camera}: {p} outside the image"));
            // Image y grows downwards: the head is above (smaller y than) the ankles.
            Assert.True(pixels[Skeleton17.HeadTop].Y < pixels[Skeleton17.LeftAnkle].Y - 100, $"{camera}: head {pixels[Skeleton17.HeadTop]}, ankle {pixels[Skeleton17.LeftAnkle]}");
            Assert.True(pixels[Skeleton17.HeadTop].Y < pixels[Skeleton17.RightAnkle].Y - 100);
        }
    }

    [Fact]
    public void Facing_a_camera_the_persons_left_appears_on_the_image_right()
    {
        foreach (var camera in Rig.Cameras)
        {
            var toward = Project(camera, FacingYaw(camera, towardCamera: true));
            // Facing the camera, the left wrist lands on the right half of the person's image: right of the
            // pelvis (the person stands near, not exactly on, the optical axis, so the image centre is no reference).
            Assert.True(toward[Skeleton17.LeftWrist].X > toward[Skeleton17.Pelvis].X, $"{camera}: left wrist {toward[Skeleton17.LeftWrist]}, pelvis {toward[Skeleton17.Pelvis]}");
            Assert.True(toward[Skeleton17.LeftShoulder].X > toward[Skeleton17.RightShoulder].X);
            Assert.True(toward[Skeleton17.LeftWrist].X > toward[Skeleton17.RightWrist].X);

            // Turned around, it is the other way: the test can tell the two apart.
            var away = Project(camera, FacingYaw(camera, towardCamera: false));
            Assert.True(away[Skeleton17.LeftWrist].X < away[Skeleton17.Pelvis].X);
            Assert.True(away[Skeleton17.LeftShoulder].X < away[Skeleton17.RightShoulder].X);
        }
    }

    [Fact]
    public void Placement_rotates_y_up_to_z_up_and_stands_on_the_floor_in_millimetres()
    {
        var pose = TestPoses.Standing().Select(p => p + new Vector3(0.5f, 0.2f, -3f)).ToArray();
        var world = RigPlacement.PlaceAtOrigin(pose);
        Assert.Equal(0f, world[Skeleton17.Pelvis].X, 3);
        Assert.Equal(0f, world[Skeleton17.Pelvis].Y, 3);
        Assert.Equal(0f, world.Min(p => p.Z), 3);
        // ankles were 0.9 m below the pelvis (y up): now 900 mm below it along z, at z = 0
        Assert.Equal(900f, world[Skeleton17.Pelvis].Z, 2);
        // the nose pointed along +z (forward, y-up frame): (x, y, z) -> (x, -z, y) puts it at -y
        Assert.Equal(-80f, world[Skeleton17.Nose].Y, 2);
        // left is +x in both frames
        Assert.Equal(220f, world[Skeleton17.LeftWrist].X, 2);
        Assert.Throws<PoseFormatException>(() => RigPlacement.PlaceAtOrigin(pose[..10]));
    }

    // Yaw about the mocap's y axis that turns the placed person toward (or away from) the camera,
    // found by search on the placed pose itself (the nose is in front of the head top), so a wrong
    // placement cannot hide behind a wrong analytic formula.
    private static float FacingYaw(PinholeCamera camera, bool towardCamera)
    {
        var bestYaw = 0f;
        var best = float.NegativeInfinity;
        for (var degree = 0; degree < 360; degree++)
        {
            var yaw = degree * MathF.PI / 180;
            var turn = Quaternion.CreateFromAxisAngle(Vector3.UnitY, yaw);
            var world = RigPlacement.PlaceAtOrigin(TestPoses.Standing().Select(p => Vector3.Transform(p, turn)).ToArray());
            var forward = world[Skeleton17.Nose] - world[Skeleton17.HeadTop];
            var toCamera = camera.Centre - world[Skeleton17.Pelvis];
            var facing = Vector2.Dot(Vector2.Normalize(new Vector2(forward.X, forward.Y)), Vector2.Normalize(new Vector2(toCamera.X, toCamera.Y)));
            if (!towardCamera)
            {
                facing = -facing;
            }

            if (facing <= best)
            {
                continue;
            }

            best = facing;
            bestYaw = yaw;
        }
        return bestYaw;
    }

    private static Vector2[] Project(PinholeCamera camera, float yaw)
    {
        var turn = Quaternion.CreateFromAxisAngle(Vector3.UnitY, yaw);
        var pose = TestPoses.Standing().Select(p => Vector3.Transform(p, turn)).ToArray();
        var world = RigPlacement.PlaceAtOrigin(pose);
        var pixels = new Vector2[17];
        Assert.True(camera.Project(world, pixels));
        return pixels;
    }

    [Fact]
    public void The_facing_helper_really_turns_the_person_toward_the_camera()
    {
        foreach (var camera in Rig.Cameras)
        {
            foreach (var toward in new[] { true, false })
            {
                // A point 300 mm in front of the pelvis is nearer the camera exactly when the person faces it.
                var turn = Quaternion.CreateFromAxisAngle(Vector3.UnitY, FacingYaw(camera, toward));
                var pelvis = RigPlacement.PlaceAtOrigin(TestPoses.Standing().Select(p => Vector3.Transform(p, turn)).ToArray())[Skeleton17.Pelvis];
                var forward = RigPlacement.ToZUp(Vector3.Transform(Vector3.UnitZ, turn));
                var nearer = camera.WorldToCamera(pelvis + forward * 300).Z < camera.WorldToCamera(pelvis).Z - 250;
                Assert.Equal(toward, nearer);
            }
        }
    }
}
