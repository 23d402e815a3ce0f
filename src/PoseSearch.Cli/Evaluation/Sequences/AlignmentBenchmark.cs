using PoseSearch.Cli.Common;
using PoseSearch.Cli.Common.Input;
using PoseSearch.Core.Geometry;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Sequences;

namespace PoseSearch.Cli.Evaluation.Sequences;

/// <summary>
/// The alignment benchmark of issue 14: a take seen by camera A, and the middle of it seen by camera B
/// and time-warped (<see cref="TimeWarp"/>). "full" aligns the warped clip with the same stretch of A
/// end to end; "subsequence" finds it in the whole take. For every warped frame the error is the
/// distance, in frames of A, between the A frame the path matches it to and the A time it really
/// shows; a clip counts as located when the found stretch overlaps the true one by IoU &gt;= 0.5.
/// </summary>
internal sealed class AlignmentBenchmark(IReadOnlyList<IFrameDistance> distances, IProgressReporter progress)
{
    public const string Full = "full";
    public const string Subsequence = "subsequence";

    public IReadOnlyList<AlignmentRow> Run(MocapDataset dataset, IReadOnlyList<SequenceTrial> trials, LoadedRig rig, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<(string, string), List<double>>();
        var located = new Dictionary<string, int>();
        var speedErrors = new Dictionary<string, List<double>>();
        foreach (var distance in distances)
        {
            errors[(Full, distance.Id)] = [];
            errors[(Subsequence, distance.Id)] = [];
            located[distance.Id] = 0;
            speedErrors[distance.Id] = [];
        }

        var stage = progress.Start($"Aligning {trials.Count} warped clips x {distances.Count} frame distances", trials.Count);
        foreach (var trial in trials)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var take = RigProjector.Project(dataset, trial.TakeRows, rig);
            var takeA = (take.Keypoints[trial.CameraA], take.Visibility[trial.CameraA]);
            var clipA = Slice(takeA, trial.ClipStart, trial.ClipLength);
            var clip3D = RowMajor.Gather(dataset.Poses3D, trial.TakeRows[trial.ClipStart..(trial.ClipStart + trial.ClipLength)], Skeleton17.ValueCount);
            var warped3D = trial.Warp.Resample(clip3D, Skeleton17.ValueCount);
            var warpedViews = RigProjector.Project(warped3D, Enumerable.Range(0, trial.Warp.Length).ToArray(), [rig.Cameras[trial.CameraB]]);
            var warpedB = (warpedViews.Keypoints[0], warpedViews.Visibility[0]);

            foreach (var distance in distances)
            {
                var full = DynamicTimeWarping.Align(distance.Costs(warpedB, clipA), trial.Warp.Length, trial.ClipLength, subsequence: false);
                AddErrors(errors[(Full, distance.Id)], full, trial, offset: 0);

                var found = DynamicTimeWarping.Align(distance.Costs(warpedB, takeA), trial.Warp.Length, trial.TakeRows.Length, subsequence: true);
                AddErrors(errors[(Subsequence, distance.Id)], found, trial, offset: trial.ClipStart);
                if (Iou(found.ReferenceStart, found.ReferenceEnd, trial.ClipStart, trial.ClipStart + trial.ClipLength - 1) >= 0.5)
                {
                    located[distance.Id]++;
                }

                speedErrors[distance.Id].Add(Math.Abs(found.SpeedRatio - trial.Warp.Rate) / trial.Warp.Rate);
            }
            stage.Advance(1);
        }
        stage.Complete();

        var rows = new List<AlignmentRow>();
        foreach (var scenario in new[] { Full, Subsequence })
        {
            foreach (var distance in distances)
            {
                var e = errors[(scenario, distance.Id)].Order().ToArray();
                rows.Add(new AlignmentRow
                {
                    Scenario = scenario,
                    Distance = distance.Id,
                    Description = distance.Description,
                    Frames = e.Length,
                    MedianFrameError = Quantile(e, 0.5),
                    P95FrameError = Quantile(e, 0.95),
                    MeanFrameError = e.Average(),
                    WithinOneFrame = e.Count(x => x <= 1) / (double)e.Length,
                    LocatedRate = scenario == Subsequence ? located[distance.Id] / (double)trials.Count : null,
                    MedianSpeedError = scenario == Subsequence ? Quantile(speedErrors[distance.Id].Order().ToArray(), 0.5) : null,
                    ErrorCdf = Enumerable.Range(0, 41).Select(i => e.Count(x => x <= i * 0.25) / (double)e.Length).ToArray(),
                });
            }
        }
        return rows;
    }

    /// <summary>|matched A frame - true A frame| of every warped frame; the truth is the warp's source time.</summary>
    private static void AddErrors(List<double> into, SequenceAlignment alignment, SequenceTrial trial, int offset)
    {
        var matched = alignment.ReferenceFrameOfEachQueryFrame();
        for (var k = 0; k < matched.Length; k++)
        {
            into.Add(Math.Abs(matched[k] - (offset + trial.Warp.SourceTimes[k])));
        }
    }

    private static (float[], float[]) Slice((float[] Keypoints, float[] Visibility) views, int start, int count) =>
        (views.Keypoints[(start * ModelJoints.CoordinateCount)..((start + count) * ModelJoints.CoordinateCount)], views.Visibility[(start * ModelJoints.Count)..((start + count) * ModelJoints.Count)]);

    internal static double Iou(int aStart, int aEnd, int bStart, int bEnd)
    {
        var intersection = Math.Max(0, Math.Min(aEnd, bEnd) - Math.Max(aStart, bStart) + 1);
        var union = Math.Max(aEnd, bEnd) - Math.Min(aStart, bStart) + 1;
        return intersection / (double)union;
    }

    /// <summary>Linear-interpolated quantile of sorted values.</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
