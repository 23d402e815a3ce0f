using System.Globalization;
using System.Numerics;
using PoseSearch.Cli.Common;
using PoseSearch.Cli.Common.Input;
using PoseSearch.Core.Cameras;
using PoseSearch.Core.Geometry;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Normalization;

namespace PoseSearch.Cli.Operations.Synthesis;

/// <summary>
/// Films the mocap with random cameras: in each camera round every clip (in a seeded random
/// order) gets a fresh camera from <see cref="RandomCameraSampler"/>, and each of its kept frames
/// is placed at the origin (<see cref="RigPlacement"/>) and projected into the 13 model joints.
/// Rounds repeat until <see cref="SynthesisPlan.Count"/> poses exist, so a count above the
/// number of frames films each clip again from other viewpoints, and a partial last round
/// covers a random subset of the clips. Poses the model could not normalize are skipped.
/// </summary>
internal static class SyntheticPoseGenerator
{
    public static SyntheticPoseSet Generate(MocapDataset dataset, SynthesisPlan plan, IProgressStage? stage = null)
    {
        plan.Validate();
        var rowsByClip = RowsByClip(dataset, plan);
        var clips = Enumerable.Range(0, rowsByClip.Length).Where(c => rowsByClip[c].Count > 0).ToArray();
        if (clips.Length == 0)
        {
            throw new CliInputException($"{dataset.Path}: no rows left to film (split '{plan.Split}', every {plan.Every}th frame)");
        }

        var sampler = new RandomCameraSampler(plan.Cameras, plan.Seed);
        var clipOrder = new Random(unchecked(plan.Seed * 31 + 7));
        var keypoints = new float[plan.Count * ModelJoints.CoordinateCount];
        var visibility = new float[plan.Count * ModelJoints.Count];
        var rows = new int[plan.Count];
        var videoOfPose = new int[plan.Count];
        var videos = new List<SyntheticVideo>();
        Span<Vector3> world = stackalloc Vector3[Skeleton17.JointCount];
        Span<float> normalized = stackalloc float[ModelJoints.CoordinateCount];
        var made = 0;
        for (var round = 0; made < plan.Count; round++)
        {
            var roundStart = made;
            var madeBefore = made;
            var order = (int[])clips.Clone();
            clipOrder.Shuffle(order);
            foreach (var clip in order)
            {
                if (made == plan.Count)
                {
                    break;
                }

                var camera = sampler.Next();
                var video = new SyntheticVideo(
                    clip, round, camera,
                    string.Create(CultureInfo.InvariantCulture, $"{dataset.ClipNames[clip]}/c{round}"),
                    camera.ToMetadataJson(round));
                var pinhole = camera.ToPinhole(video.VideoId, plan.Cameras.ImageWidth, plan.Cameras.ImageHeight, plan.Cameras.AimHeightMillimetres);
                videos.Add(video);
                foreach (var row in rowsByClip[clip])
                {
                    if (made == plan.Count)
                    {
                        break;
                    }

                    RigPlacement.PlaceAtOrigin(Pose3D.AsJoints(dataset.Poses3D.AsSpan(row * Skeleton17.ValueCount, Skeleton17.ValueCount)), world);
                    var coordinates = keypoints.AsSpan(made * ModelJoints.CoordinateCount, ModelJoints.CoordinateCount);
                    var seen = visibility.AsSpan(made * ModelJoints.Count, ModelJoints.Count);
                    ModelPoseProjector.Project(pinhole, world, coordinates, seen);
                    // Too few visible anchors: the slot is overwritten by the next pose.
                    if (!PoseNormalizer2D.TryNormalize(coordinates, seen, normalized))
                    {
                        continue;
                    }

                    rows[made] = row;
                    videoOfPose[made] = videos.Count - 1;
                    made++;
                }
                stage?.Advance(made - madeBefore);
                madeBefore = made;
            }
            if (made == roundStart)
            {
                throw new CliInputException($"{dataset.Path}: no frame of camera round {round} gives a pose the model can normalize (all lack two visible shoulders/hips)");
            }
        }
        stage?.Complete();
        return new SyntheticPoseSet(dataset, videos, keypoints, visibility, rows, videoOfPose);
    }

    private static List<int>[] RowsByClip(MocapDataset dataset, SynthesisPlan plan)
    {
        var rowsByClip = new List<int>[dataset.ClipNames.Length];
        for (var c = 0; c < rowsByClip.Length; c++)
        {
            rowsByClip[c] = [];
        }

        for (var row = 0; row < dataset.Count; row++)
        {
            if (plan.Split is { } split && (dataset.Split is null || dataset.Split[row] != split))
            {
                continue;
            }

            if (dataset.FrameIndex[row] % plan.Every != 0)
            {
                continue;
            }

            rowsByClip[dataset.ClipId[row]].Add(row);
        }
        if (plan.Split is not null && dataset.Split is null)
        {
            throw new CliInputException($"{dataset.Path}: has no split array, so --split {plan.Split} cannot be applied");
        }

        return rowsByClip;
    }
}
