using PoseSearch.Cli.Common;
using PoseSearch.Cli.Common.Input;

namespace PoseSearch.Cli.Evaluation.Input;

/// <summary>Turns the eval command line's input options into the poses to evaluate.</summary>
internal static class EvalInputLoader
{
    public static LoadedInput Load(EvalInputRequest request)
    {
        if ((request.Dataset is null) == (request.MultiView is null))
        {
            throw new CliInputException("give exactly one input: --dataset X.npz --rig cameras.json, or --multiview X.npz");
        }

        return request.Dataset is { } dataset ? LoadDataset(dataset, request) : LoadMultiView(request.MultiView!, request);
    }

    private static LoadedInput LoadDataset(string path, EvalInputRequest request)
    {
        if (request.Rig is null)
        {
            throw new CliInputException("--dataset needs --rig (the camera rig JSON to project it through)");
        }

        RequireFile(path, "--dataset");
        var rig = CameraRigFile.Load(request.Rig, request.Subject);
        var dataset = MocapDatasetFile.Read(path);

        var rows = Enumerable.Range(0, dataset.Count).ToList();
        if (request.Split is { } split)
        {
            if (dataset.Split is null)
            {
                throw new CliInputException($"{path} has no split array, so --split {split} cannot be applied");
            }

            rows = rows.Where(r => dataset.Split[r] == split).ToList();
            if (rows.Count == 0)
            {
                throw new CliInputException($"{path} has no rows of split '{split}' (splits present: {string.Join(", ", dataset.Split.Distinct().Order())})");
            }
        }
        if (request.MaxPoses > 0 && rows.Count > request.MaxPoses)
        {
            rows = SeededSample.Rows(rows.Count, request.MaxPoses, request.Seed).Select(i => rows[i]).ToList();
        }

        var views = RigProjector.Project(dataset, rows, rig);
        var poses3D = new float[rows.Count * MultiViewPoses.Joints3D * 3];
        for (var i = 0; i < rows.Count; i++)
        {
            dataset.Poses3D.AsSpan(rows[i] * MultiViewPoses.Joints3D * 3, MultiViewPoses.Joints3D * 3).CopyTo(poses3D.AsSpan(i * MultiViewPoses.Joints3D * 3));
        }

        var poses = new MultiViewPoses(rig.Cameras.Select(c => c.Id).ToArray(), views.Keypoints, views.Visibility, poses3D, rows.Select(dataset.Label).ToArray());
        return new LoadedInput(poses, new InputDescription
        {
            Kind = "dataset",
            Path = path,
            Rig = request.Rig,
            Subject = rig.Subject,
            Split = request.Split,
            MaxPoses = request.MaxPoses > 0 ? request.MaxPoses : null,
            PosesRead = dataset.Count,
        });
    }

    private static LoadedInput LoadMultiView(string path, EvalInputRequest request)
    {
        if (request.Rig is not null)
        {
            throw new CliInputException("--rig applies to --dataset only; a --multiview file carries its own 2D views");
        }

        if (request.Split is not null)
        {
            throw new CliInputException("--split applies to --dataset only");
        }

        RequireFile(path, "--multiview");
        var (poses, read) = MultiViewFile.Read(path);
        if (request.MaxPoses > 0 && poses.PoseCount > request.MaxPoses)
        {
            poses = poses.SelectPoses(SeededSample.Rows(poses.PoseCount, request.MaxPoses, request.Seed));
        }

        return new LoadedInput(poses, new InputDescription
        {
            Kind = "multiview",
            Path = path,
            MaxPoses = request.MaxPoses > 0 ? request.MaxPoses : null,
            PosesRead = read,
        });
    }

    private static void RequireFile(string path, string option)
    {
        if (!File.Exists(path))
        {
            throw new CliInputException($"{option}: file '{path}' does not exist");
        }
    }
}
