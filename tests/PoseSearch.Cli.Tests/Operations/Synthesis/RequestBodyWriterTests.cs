using System.Text.Json;
using PoseSearch.Cli.Common.Input;
using PoseSearch.Cli.Operations.Synthesis;
using PoseSearch.Cli.Tests.Support;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Cli.Tests.Operations.Synthesis;

public class RequestBodyWriterTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private SyntheticPoseSet Poses()
    {
        var path = _folder.File("poses.npz");
        TestDatasets.Writer(TestDatasets.DistinctPoses(20)).Save(path);
        return SyntheticPoseGenerator.Generate(MocapDatasetFile.Read(path), new SynthesisPlan { Count = 20, Seed = 1 });
    }

    [Fact]
    public void Search_body_is_a_coco17_pose_that_converts_back_to_the_model_joints()
    {
        var poses = Poses();
        using var body = JsonDocument.Parse(RequestBodyWriter.SearchBody(poses, 3, 10));
        Assert.Equal(10, body.RootElement.GetProperty("k").GetInt32());
        var pose = body.RootElement.GetProperty("pose");
        Assert.Equal("coco17", pose.GetProperty("layout").GetString());
        var keypoints = pose.GetProperty("keypoints").EnumerateArray()
            .Select(k => new Keypoint(k.GetProperty("x").GetSingle(), k.GetProperty("y").GetSingle(), k.GetProperty("confidence").GetSingle()))
            .ToArray();
        Assert.Equal(17, keypoints.Length);
        // Eyes and ears (COCO 1-4) carry nothing.
        Assert.All(keypoints[1..5], k => Assert.Equal(new Keypoint(0, 0, 0), k));

        var model = LayoutConverter.ToModel13(KeypointLayouts.Coco17, keypoints);
        var expected = poses.KeypointsOf(3);
        for (var i = 0; i < 26; i++)
        {
            Assert.Equal(expected[i], model.Coordinates[i], 0.006f);   // two decimals in the JSON
        }

        Assert.Equal(poses.VisibilityOf(3).ToArray(), model.Visibility.ToArray());
    }

    [Fact]
    public void Ingest_body_holds_the_batch_with_rewritable_ids_and_metadata()
    {
        var poses = Poses();
        using var body = JsonDocument.Parse(RequestBodyWriter.IngestBody(poses, 4, 3));
        var items = body.RootElement.GetProperty("poses").EnumerateArray().ToArray();
        Assert.Equal(3, items.Length);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal($"id-{4 + i}", items[i].GetProperty("id").GetString());
            var metadata = items[i].GetProperty("metadata");
            Assert.Equal(poses.Metadata(4 + i).VideoId, metadata.GetProperty("videoId").GetString());
            Assert.Equal(poses.Metadata(4 + i).Frame, metadata.GetProperty("frame").GetInt32());
            Assert.Equal(17, items[i].GetProperty("pose").GetProperty("keypoints").GetArrayLength());
        }
    }
}
