using PoseSearch.Cli.Common.Input;
using PoseSearch.Cli.Evaluation.Sequences;

namespace PoseSearch.Cli.Tests.Sequences;

public class SequenceTrialsTests
{
    [Fact]
    public void Takes_are_consecutive_frames_of_one_clip_and_the_cameras_differ()
    {
        // Clips of 12, 30 and 25 frames, the second with a gap after frame 14; rows shuffled.
        var clipIds = new List<int>();
        var frames = new List<int>();
        void Clip(int id, IEnumerable<int> f) { foreach (var x in f) { clipIds.Add(id); frames.Add(x); } }
        Clip(0, Enumerable.Range(0, 12));
        Clip(1, Enumerable.Range(0, 15).Concat(Enumerable.Range(16, 15)));
        Clip(2, Enumerable.Range(0, 25));
        var order = Enumerable.Range(0, clipIds.Count).OrderBy(_ => Guid.NewGuid()).ToArray();
        var dataset = new MocapDataset
        {
            Path = "test.npz",
            Poses3D = new float[clipIds.Count * 51],
            ClipId = order.Select(i => clipIds[i]).ToArray(),
            FrameIndex = order.Select(i => frames[i]).ToArray(),
            ClipNames = ["a", "b", "c"],
            Fps = 30,
            Source = "test",
            License = "test",
        };

        var trials = SequenceTrials.Draw(dataset, Enumerable.Range(0, dataset.Count).ToArray(), 300, takeFrames: 15, clipFrames: 5,
            cameras: 4, 0.7, 1.4, seed: 3);

        Assert.Equal(300, trials.Count);
        foreach (var trial in trials)
        {
            Assert.Equal(15, trial.TakeRows.Length);
            Assert.NotEqual(trial.CameraA, trial.CameraB);
            for (var i = 1; i < trial.TakeRows.Length; i++)
            {
                Assert.Equal(dataset.ClipId[trial.TakeRows[0]], dataset.ClipId[trial.TakeRows[i]]);
                Assert.Equal(dataset.FrameIndex[trial.TakeRows[i - 1]] + 1, dataset.FrameIndex[trial.TakeRows[i]]);
            }
            Assert.Equal(5, trial.ClipStart);
        }
        // Clip 0 (12 frames) is too short; both runs of clip 1 and clip 2 are used.
        Assert.DoesNotContain(trials, t => dataset.ClipId[t.TakeRows[0]] == 0);
        Assert.Contains(trials, t => dataset.ClipId[t.TakeRows[0]] == 1 && dataset.FrameIndex[t.TakeRows[0]] >= 16);
        Assert.Contains(trials, t => dataset.ClipId[t.TakeRows[0]] == 2);
    }
}
