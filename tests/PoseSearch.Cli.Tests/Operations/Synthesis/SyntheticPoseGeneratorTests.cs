using System.Numerics;
using PoseSearch.Cli.Common;
using PoseSearch.Cli.Common.Input;
using PoseSearch.Cli.Operations.Synthesis;
using PoseSearch.Cli.Tests.Support;
using PoseSearch.Core.Cameras;
using PoseSearch.Core.Geometry;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Cli.Tests.Operations.Synthesis;

public class SyntheticPoseGeneratorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>20 distinct poses: clips of 10 frames, clip 0 train, clip 1 val.</summary>
    private MocapDataset Dataset()
    {
        var path = _folder.File("poses.npz");
        TestDatasets.Writer(TestDatasets.DistinctPoses(20)).Save(path);
        return MocapDatasetFile.Read(path);
    }

    [Fact]
    public void Each_pose_is_its_mocap_row_projected_through_its_videos_camera()
    {
        var dataset = Dataset();
        var set = SyntheticPoseGenerator.Generate(dataset, new SynthesisPlan { Count = 25, Seed = 5 });

        Assert.Equal(25, set.Count);
        // 20 frames per round: round 0 films both clips, round 1 one clip again with a new camera.
        Assert.Equal(3, set.Videos.Count);
        Assert.Equal(25, Enumerable.Range(0, set.Count).Select(set.ExternalId).Distinct().Count());
        Span<Vector3> world = stackalloc Vector3[17];
        var coordinates = new float[26];
        var visibility = new float[13];
        for (var i = 0; i < set.Count; i++)
        {
            var video = set.Videos[set.VideoOfPose[i]];
            Assert.Equal(dataset.ClipId[set.Rows[i]], video.Clip);
            var camera = video.Camera.ToPinhole("check", 1920, 1080, CameraRanges.Default.AimHeightMillimetres);
            RigPlacement.PlaceAtOrigin(Pose3D.AsJoints(dataset.Poses3D.AsSpan(set.Rows[i] * 51, 51)), world);
            ModelPoseProjector.Project(camera, world, coordinates, visibility);
            Assert.Equal(coordinates, set.KeypointsOf(i).ToArray());
            Assert.Equal(visibility, set.VisibilityOf(i).ToArray());
        }
    }

    [Fact]
    public void Ids_and_metadata_name_clip_frame_camera_round_and_person()
    {
        var dataset = Dataset();
        var set = SyntheticPoseGenerator.Generate(dataset, new SynthesisPlan { Count = 20, Seed = 1 });
        for (var i = 0; i < set.Count; i++)
        {
            var clip = dataset.ClipNames[dataset.ClipId[set.Rows[i]]];
            var frame = dataset.FrameIndex[set.Rows[i]];
            Assert.Equal($"{clip}:{frame}:c0", set.ExternalId(i));
            var metadata = set.Metadata(i);
            Assert.Equal($"{clip}/c0", metadata.VideoId);
            Assert.Equal(frame, metadata.Frame);
            Assert.Equal(frame / 30.0, metadata.TimestampSeconds!.Value, 9);
            Assert.Equal(0, metadata.Person);
            Assert.StartsWith("{\"camera\":0,\"azimuth_deg\":", metadata.ExtraJson);
        }
    }

    [Fact]
    public void Same_seed_same_poses_other_seed_other_cameras()
    {
        var dataset = Dataset();
        var a = SyntheticPoseGenerator.Generate(dataset, new SynthesisPlan { Count = 20, Seed = 3 });
        var b = SyntheticPoseGenerator.Generate(dataset, new SynthesisPlan { Count = 20, Seed = 3 });
        var c = SyntheticPoseGenerator.Generate(dataset, new SynthesisPlan { Count = 20, Seed = 4 });
        Assert.Equal(a.Keypoints, b.Keypoints);
        Assert.NotEqual(a.Keypoints, c.Keypoints);
    }

    [Fact]
    public void Split_and_every_select_the_rows()
    {
        var dataset = Dataset();
        var set = SyntheticPoseGenerator.Generate(dataset, new SynthesisPlan { Count = 5, Split = "val", Every = 2 });
        Assert.All(set.Rows, row =>
        {
            Assert.Equal("val", dataset.Split![row]);
            Assert.Equal(0, dataset.FrameIndex[row] % 2);
        });
        // Clip 1 (val) has 5 even frames: one round exactly.
        Assert.Equal(5, set.Rows.Distinct().Count());
    }

    [Fact]
    public void A_split_without_rows_is_an_input_error()
    {
        var error = Assert.Throws<CliInputException>(() =>
            SyntheticPoseGenerator.Generate(Dataset(), new SynthesisPlan { Count = 5, Split = "test" }));
        Assert.Contains("no rows left", error.Message);
    }

    [Fact]
    public void A_count_below_one_is_refused()
    {
        Assert.Contains("--count", Assert.Throws<CliInputException>(() =>
            SyntheticPoseGenerator.Generate(Dataset(), new SynthesisPlan { Count = 0 })).Message);
    }
}
