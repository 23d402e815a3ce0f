using PoseSearch.Cli.Tests.Support;

namespace PoseSearch.Cli.Tests;

/// <summary>Every bad input ends with one line naming the problem and exit code 2, never a stack trace.</summary>
public class BadInputTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _rig;

    public BadInputTests()
    {
        _rig = _folder.File("rig.json");
        TestRigs.WriteSharedCentreRig(_rig);
    }

    public void Dispose() => _folder.Dispose();

    private async Task AssertBadInput(string[] args, params string[] named)
    {
        var result = await CliRunner.RunAsync(args);
        Assert.Equal(2, result.ExitCode);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("posesearch: ", line);
        foreach (var word in named)
        {
            Assert.Contains(word, line);
        }

        Assert.DoesNotContain("   at ", result.Error);
        Assert.Equal("", result.Output);
    }

    private string[] EvalDataset(string dataset, params string[] extra) =>
        ["eval", "--dataset", dataset, "--rig", _rig, "--subject", "S1", "--rankings", "raw-2d", "--out", _folder.File("out"), .. extra];

    private string Dataset(Action<NpzWriter>? edit = null, int poses = 12, Func<List<float[]>, NpzWriter>? writer = null)
    {
        var path = _folder.File($"dataset-{Guid.NewGuid():N}.npz");
        var w = writer?.Invoke(TestDatasets.DistinctPoses(poses)) ?? TestDatasets.Writer(TestDatasets.DistinctPoses(poses));
        edit?.Invoke(w);
        w.Save(path);
        return path;
    }

    [Fact]
    public async Task A_dataset_without_poses3d_names_the_array()
    {
        var path = _folder.File("no-poses.npz");
        new NpzWriter().Int32("clip_id", [0], 1).Save(path);
        await AssertBadInput(EvalDataset(path), "poses3d", "clip_id");
    }

    [Fact]
    public async Task Poses_with_16_joints_name_the_shape()
    {
        var path = _folder.File("wrong-shape.npz");
        new NpzWriter().Float32("poses3d", new float[2 * 16 * 3], 2, 16, 3).Save(path);
        await AssertBadInput(EvalDataset(path), "poses3d", "[N, 17, 3]", "[2, 16, 3]");
    }

    [Fact]
    public async Task A_clip_id_of_the_wrong_length_is_named()
    {
        var poses = TestDatasets.DistinctPoses(12);
        var path = _folder.File("short-clip-id.npz");
        new NpzWriter()
            .Float32("poses3d", poses.SelectMany(p => p).ToArray(), 12, 17, 3)
            .Int32("clip_id", new int[11], 11)
            .Int32("frame_index", new int[12], 12)
            .Unicode("clip_names", ["clip"], 1)
            .Save(path);
        await AssertBadInput(EvalDataset(path), "clip_id", "[12]", "[11]");
    }

    [Fact]
    public async Task Poses3d_stored_as_integers_names_the_dtype()
    {
        var path = _folder.File("int-poses.npz");
        new NpzWriter()
            .Unicode("poses3d", Enumerable.Repeat("x", 2 * 17 * 3).ToArray(), 2, 17, 3)
            .Save(path);
        await AssertBadInput(EvalDataset(path), "poses3d");
    }

    [Fact]
    public async Task A_file_that_is_not_an_npz_is_named()
    {
        var path = _folder.File("text.npz");
        await File.WriteAllTextAsync(path, "not a zip");
        await AssertBadInput(EvalDataset(path), "text.npz");
    }

    [Fact]
    public async Task A_missing_dataset_file_is_named()
    {
        await AssertBadInput(EvalDataset(_folder.File("absent.npz")), "absent.npz");
    }

    [Fact]
    public async Task An_unknown_camera_subject_is_named_with_the_known_ones()
    {
        await AssertBadInput(["eval", "--dataset", Dataset(), "--rig", _rig, "--subject", "S42", "--rankings", "raw-2d"], "S42", "S1");
    }

    [Fact]
    public async Task A_split_absent_from_the_file_is_named()
    {
        await AssertBadInput(EvalDataset(Dataset(), "--split", "test"), "test", "train, val");
    }

    [Fact]
    public async Task A_rig_that_is_not_json_is_named()
    {
        var rig = _folder.File("broken-rig.json");
        await File.WriteAllTextAsync(rig, "{ cameras: ");
        await AssertBadInput(["eval", "--dataset", Dataset(), "--rig", rig, "--rankings", "raw-2d"], "broken-rig.json");
    }

    [Fact]
    public async Task A_multiview_file_without_a_contract_joint_names_it()
    {
        var path = _folder.File("multiview.npz");
        new NpzWriter()
            .Float32("keypoints", new float[2 * 3 * 13 * 2], 2, 3, 13, 2)
            .Float32("visibility", new float[2 * 3 * 13], 2, 3, 13)
            .Float32("poses3d", new float[3 * 16 * 3], 3, 16, 3)
            .Unicode("joint_names", Core.Geometry.Skeleton17.Names.Where(n => n != "thorax").ToArray(), 16)
            .Save(path);
        await AssertBadInput(["eval", "--multiview", path, "--rankings", "raw-2d"], "joint_names", "thorax");
    }

    [Fact]
    public async Task A_multiview_visibility_of_the_wrong_shape_is_named()
    {
        var path = _folder.File("multiview.npz");
        new NpzWriter()
            .Float32("keypoints", new float[2 * 3 * 13 * 2], 2, 3, 13, 2)
            .Float32("visibility", new float[3 * 13], 3, 13)
            .Save(path);
        await AssertBadInput(["eval", "--multiview", path, "--rankings", "raw-2d"], "visibility", "[2, 3, 13]");
    }

    [Fact]
    public async Task A_multiview_visibility_other_than_zero_or_one_is_named()
    {
        var path = _folder.File("multiview.npz");
        new NpzWriter()
            .Float32("keypoints", new float[2 * 3 * 13 * 2], 2, 3, 13, 2)
            .Float32("visibility", Enumerable.Repeat(0.5f, 2 * 3 * 13).ToArray(), 2, 3, 13)
            .Float32("poses3d", new float[3 * 17 * 3], 3, 17, 3)
            .Unicode("joint_names", Core.Geometry.Skeleton17.Names.ToArray(), 17)
            .Save(path);
        await AssertBadInput(["eval", "--multiview", path, "--rankings", "raw-2d"], "visibility", "0.5");
    }

    [Fact]
    public async Task Both_or_neither_input_is_refused()
    {
        await AssertBadInput(["eval", "--rankings", "raw-2d"], "--dataset", "--multiview");
        await AssertBadInput(["eval", "--dataset", Dataset(), "--rig", _rig, "--multiview", Dataset(), "--rankings", "raw-2d"], "--dataset", "--multiview");
    }

    [Fact]
    public async Task A_dataset_without_a_rig_is_refused()
    {
        await AssertBadInput(["eval", "--dataset", Dataset(), "--rankings", "raw-2d"], "--rig");
    }

    [Fact]
    public async Task Bad_option_values_are_named()
    {
        await AssertBadInput(["eval", "--dataset", Dataset(), "--rig", _rig, "--subject", "S1", "--rankings", "raw-2d,best"], "--rankings", "best");
        await AssertBadInput(EvalDataset(Dataset(), "--noise", "2,lots"), "--noise", "lots");
        await AssertBadInput(EvalDataset(Dataset(), "--occlude", "tail"), "--occlude", "tail");
        await AssertBadInput(EvalDataset(Dataset(), "--kappa", "-1"), "--kappa");
        await AssertBadInput(EvalDataset(Dataset(), "--shortlist", "5"), "--shortlist");
    }

    [Fact]
    public async Task An_unknown_option_is_a_parse_error_with_exit_code_2()
    {
        await AssertBadInput(["eval", "--frobnicate"], "--frobnicate");
    }

    [Fact]
    public async Task A_model_folder_without_a_model_is_named()
    {
        await AssertBadInput(["eval", "--dataset", Dataset(), "--rig", _rig, "--subject", "S1", "--model", _folder.Path, "--out", _folder.File("out")], _folder.Path);
    }
}
