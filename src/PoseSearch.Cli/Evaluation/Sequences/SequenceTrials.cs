using PoseSearch.Cli.Common;
using PoseSearch.Cli.Common.Input;

namespace PoseSearch.Cli.Evaluation.Sequences;

/// <summary>
/// One trial of the alignment benchmark: a take of consecutive frames of one clip, and within it
/// the clip to be found (its middle), which the second camera sees time-warped.
/// </summary>
/// <param name="TakeRows">Dataset rows of the take, in time order.</param>
/// <param name="ClipStart">First frame of the clip within the take.</param>
internal sealed record SequenceTrial(string Label, int[] TakeRows, int ClipStart, int ClipLength, int CameraA, int CameraB, TimeWarp Warp);

/// <summary>Draws the trials: takes of consecutive frames that never cross a clip boundary.</summary>
internal static class SequenceTrials
{
    public static List<SequenceTrial> Draw(MocapDataset dataset, IReadOnlyList<int> rows, int trials, int takeFrames, int clipFrames,
        int cameras, double minRate, double maxRate, int seed)
    {
        if (clipFrames < 2 || takeFrames < clipFrames)
        {
            throw new CliInputException($"need 2 <= --clip-frames ({clipFrames}) <= --take-frames ({takeFrames})");
        }

        if (cameras < 2)
        {
            throw new CliInputException("the alignment benchmark needs a rig with at least two cameras");
        }

        // Runs of consecutive frame numbers within one clip, long enough for a take.
        var runs = new List<int[]>();
        foreach (var clip in rows.GroupBy(r => dataset.ClipId[r]))
        {
            var ordered = clip.OrderBy(r => dataset.FrameIndex[r]).ToArray();
            var start = 0;
            for (var i = 1; i <= ordered.Length; i++)
            {
                if (i < ordered.Length && dataset.FrameIndex[ordered[i]] == dataset.FrameIndex[ordered[i - 1]] + 1)
                {
                    continue;
                }

                if (i - start >= takeFrames)
                {
                    runs.Add(ordered[start..i]);
                }

                start = i;
            }
        }
        if (runs.Count == 0)
        {
            throw new CliInputException($"no clip has {takeFrames} consecutive frames (--take-frames); the dataset's clips are shorter");
        }

        var random = new Random(seed);
        var result = new List<SequenceTrial>(trials);
        // Long runs give more takes: draw a run in proportion to the takes it holds.
        var weights = runs.Select(r => (double)(r.Length - takeFrames + 1)).ToArray();
        var total = weights.Sum();
        for (var t = 0; t < trials; t++)
        {
            var pick = random.NextDouble() * total;
            var run = 0;
            while (run < runs.Count - 1 && pick >= weights[run])
            {
                pick -= weights[run++];
            }

            var offset = random.Next(0, runs[run].Length - takeFrames + 1);
            var take = runs[run][offset..(offset + takeFrames)];
            var cameraA = random.Next(cameras);
            var cameraB = (cameraA + 1 + random.Next(cameras - 1)) % cameras;
            var warp = TimeWarp.Random(clipFrames, random, minRate, maxRate);
            result.Add(new SequenceTrial(dataset.Label(take[0]), take, (takeFrames - clipFrames) / 2, clipFrames, cameraA, cameraB, warp));
        }
        return result;
    }
}
