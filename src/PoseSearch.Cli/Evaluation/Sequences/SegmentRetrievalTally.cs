using PoseSearch.Core.Metrics;
using PoseSearch.Storage.Sequences;

namespace PoseSearch.Cli.Evaluation.Sequences;

/// <summary>
/// The figures of one way of searching (the per-frame shortlist, or the temporal windows') over the
/// benchmark's queries: hits at 1 and k, right clip, same movement, IoU, latency, windows verified.
/// </summary>
internal sealed class SegmentRetrievalTally
{
    private int _hits1, _hitsK, _rightClip, _sameMovement, _windowShortlists;
    private long _windows;
    private readonly List<double> _pathErrors = [];
    private readonly List<double> _ious = [];
    private readonly List<double> _latencies = [];

    /// <param name="videos">The stored views of the query's clip.</param>
    /// <param name="pathError">The top segment's mean NP-MPJPE along its path.</param>
    public void Add(SegmentSearchResult result, double latencyMs, HashSet<string> videos, (long Start, long End) truth, Func<SegmentMatch, double> pathError)
    {
        _latencies.Add(latencyMs);
        _windows += result.WindowsVerified;
        _windowShortlists += result.Shortlist == SegmentSearch.TemporalWindowShortlist ? 1 : 0;
        bool IsHit(SegmentMatch s) => videos.Contains(s.VideoId) && AlignmentBenchmark.Iou((int)s.StartFrame, (int)s.EndFrame, (int)truth.Start, (int)truth.End) >= 0.5;
        if (result.Segments.Count > 0)
        {
            var top = result.Segments[0];
            _hits1 += IsHit(top) ? 1 : 0;
            _rightClip += videos.Contains(top.VideoId) ? 1 : 0;
            _ious.Add(videos.Contains(top.VideoId) ? AlignmentBenchmark.Iou((int)top.StartFrame, (int)top.EndFrame, (int)truth.Start, (int)truth.End) : 0);
            var error = pathError(top);
            _pathErrors.Add(error);
            _sameMovement += error < NpMpjpe.DefaultKappa ? 1 : 0;
        }
        else
        {
            _ious.Add(0);
            _pathErrors.Add(double.PositiveInfinity);
        }

        _hitsK += result.Segments.Any(IsHit) ? 1 : 0;
    }

    public SegmentRetrievalFigures Figures()
    {
        var n = (double)_latencies.Count;
        var sorted = _latencies.Order().ToArray();
        return new SegmentRetrievalFigures
        {
            HitAt1 = _hits1 / n,
            HitAtK = _hitsK / n,
            RightClipAt1 = _rightClip / n,
            SameMovementAt1 = _sameMovement / n,
            MedianPathNpMpjpeAt1 = AlignmentBenchmark.Quantile(_pathErrors.Order().ToArray(), 0.5),
            MedianIouAt1 = AlignmentBenchmark.Quantile(_ious.Order().ToArray(), 0.5),
            LatencyP50Ms = AlignmentBenchmark.Quantile(sorted, 0.5),
            LatencyP95Ms = AlignmentBenchmark.Quantile(sorted, 0.95),
            LatencyMeanMs = _latencies.Average(),
            MeanWindowsVerified = _windows / n,
            WindowShortlists = _windowShortlists,
        };
    }
}
