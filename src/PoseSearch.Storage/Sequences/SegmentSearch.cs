using PoseSearch.Core.Scoring;
using PoseSearch.Core.Sequences;

namespace PoseSearch.Storage.Sequences;

/// <summary>
/// Finds the stretches of stored tracks that perform a query clip (issue 14, item 3). Shortlist:
/// a few evenly spaced query frames each find their nearest stored frames: through the collection's
/// temporal windows (the window centred on the query frame against the stored windows, when the
/// collection has windows of the loaded temporal model), else through the ordinary two-stage pose
/// search; every hit with a video id and frame proposes a window of its track (person) around where
/// the clip would lie. Verify: the windows best supported by the shortlist are read with their stored
/// per-frame embeddings and the whole clip is located in each by subsequence DTW on -ln p, whichever
/// shortlist proposed them. Segments rank by the mean match probability along their path; a segment
/// faster than the allowed tempo range (the clip crowded onto a few frames) or overlapping a better
/// one of the same track is dropped.
/// Cost: ShortlistFrames searches, one window read, and O(query x window) per verified window.
/// </summary>
public sealed class SegmentSearch(TwoStageSearch search, TrackWindowReader windows, PoseWindowSearch? windowSearch = null)
{
    public const string FrameShortlist = "frames";
    public const string TemporalWindowShortlist = "windows";

    /// <param name="query">The clip's usable frames, embedded by the collection's model (raw keypoints not needed).</param>
    /// <param name="temporal">The query's windows and the temporal model, when one is loaded: used when the collection has its windows.</param>
    /// <exception cref="CollectionNotFoundException"/>
    /// <exception cref="CollectionModelMismatchException"/>
    public async Task<SegmentSearchResult> SearchAsync(
        string collection, ModelIdentity model, MatchProbabilityModel scorer, AlignableSequence query, SegmentSearchOptions options,
        CancellationToken cancellationToken = default, WindowShortlist? temporal = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(options);
        var d = query.Dimension;
        var shortlist = ShortlistIndices(query.Count, options.ShortlistFrames);
        var (hitsPerFrame, shortlisted, used) = await ShortlistAsync(collection, model, scorer, query, shortlist, options, temporal, cancellationToken);
        var proposals = new List<(TrackWindow Window, double Support)>();
        for (var s = 0; s < shortlist.Count; s++)
        {
            var q = shortlist[s];
            // Sparse frame numbers must not open a window over a whole video: each side stays within half the longest window.
            var reach = options.MaxWindowFrames / 2.0;
            var before = Math.Min(reach, (query.Frames[q] - query.Frames[0]) * options.MaxTempoRatio);
            var after = Math.Min(reach, (query.Frames[^1] - query.Frames[q]) * options.MaxTempoRatio);
            foreach (var hit in hitsPerFrame[s])
            {
                var first = Math.Max(0, hit.Frame - (long)Math.Ceiling(before) - options.MarginFrames);
                var last = Math.Min(int.MaxValue, hit.Frame + (long)Math.Ceiling(after) + options.MarginFrames);
                proposals.Add((new TrackWindow(hit.VideoId, hit.Person, (int)first, (int)last), hit.Probability));
            }
        }

        var chosen = Merge(proposals, options.MaxWindowFrames)
            .OrderByDescending(w => w.Support)
            .ThenBy(w => w.Window.VideoId, StringComparer.Ordinal).ThenBy(w => w.Window.Person).ThenBy(w => w.Window.FirstFrame)
            .Take(options.MaxWindows)
            .Select(w => w.Window)
            .ToList();
        var stored = await windows.ReadAsync(collection, model, chosen, cancellationToken);

        var segments = new List<SegmentMatch>();
        var querySpan = query.Frames[^1] - query.Frames[0] + 1;
        foreach (var window in stored.Where(w => w.Count > 0))
        {
            var reference = new AlignableSequence(window.Frames.Select(f => (long)f).ToArray(), window.Means, window.Stddevs, d);
            var alignment = PoseSequenceAligner.Align(query, reference, scorer, FrameDistanceKind.MatchProbability, subsequence: true);
            // Tempo in frame numbers, not rows: a track stored every 5th frame performs a clip at 1x over 1/5 of the rows.
            var tempo = (alignment.EndB - alignment.StartB + 1) / (double)querySpan;
            if (querySpan > 1 && tempo * options.MaxTempoRatio < 1)
            {
                // Faster than the tempo range allows: the path crowded the clip onto a few similar
                // frames (a held pose), which is not a performance of it.
                continue;
            }

            segments.Add(new SegmentMatch(window.Window.VideoId, window.Window.Person, alignment.StartB, alignment.EndB,
                alignment.MeanProbability, alignment.MeanCost, tempo, alignment.Path));
        }

        var kept = new List<SegmentMatch>();
        foreach (var segment in segments.OrderByDescending(s => s.Score).ThenBy(s => s.VideoId, StringComparer.Ordinal).ThenBy(s => s.StartFrame))
        {
            if (kept.Count == options.K)
            {
                break;
            }

            if (!kept.Any(k => k.Overlaps(segment)))
            {
                kept.Add(segment);
            }
        }

        return new SegmentSearchResult(kept, shortlisted, stored.Count, used);
    }

    /// <summary>Per shortlisted query frame, its nearest stored track frames; all index hits counted; which shortlist found them.</summary>
    private async Task<(IReadOnlyList<IReadOnlyList<ShortlistHit>> Hits, int Shortlisted, string Shortlist)> ShortlistAsync(
        string collection, ModelIdentity model, MatchProbabilityModel scorer, AlignableSequence query, IReadOnlyList<int> shortlist,
        SegmentSearchOptions options, WindowShortlist? temporal, CancellationToken cancellationToken)
    {
        var d = query.Dimension;
        if (temporal is not null && windowSearch is not null
            && await windowSearch.FindSetAsync(collection, temporal.Model, cancellationToken) is { } collectionId)
        {
            var td = temporal.Model.EmbeddingDim;
            var (queryMeans, queryStddevs) = await temporal.EmbedQuery(cancellationToken);
            var means = shortlist.SelectMany(q => queryMeans.AsSpan(q * td, td).ToArray()).ToArray();
            var stddevs = shortlist.SelectMany(q => queryStddevs.AsSpan(q * td, td).ToArray()).ToArray();
            var windowHits = await windowSearch.SearchAsync(collectionId, temporal.Scorer, means, stddevs, options.CandidatesPerFrame, cancellationToken);
            return (windowHits, windowHits.Sum(h => h.Count), TemporalWindowShortlist);
        }

        // The shortlist searches are independent: they run side by side, each on its own pooled connection.
        var results = await Task.WhenAll(shortlist.Select(q => search.SearchAsync(collection, model, scorer,
            new SearchQuery(query.Means.AsSpan(q * d, d).ToArray(), query.Stddevs.AsSpan(q * d, d).ToArray(), options.CandidatesPerFrame),
            cancellationToken)));
        // Only hits that are part of a track (a video id and a frame) can propose a window.
        return (results.Select(r => (IReadOnlyList<ShortlistHit>)r.Hits
            .Where(h => h.Metadata is { VideoId: not null, Frame: not null })
            .Select(h => new ShortlistHit(h.Metadata!.VideoId!, h.Metadata.Person, (int)h.Metadata.Frame!.Value, h.Probability))
            .ToList()).ToList(), results.Sum(r => r.Hits.Count), FrameShortlist);
    }

    /// <summary>Up to <paramref name="wanted"/> evenly spaced indices of 0..count-1, the first and the last among them.</summary>
    public static IReadOnlyList<int> ShortlistIndices(int count, int wanted)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(wanted, 1);
        if (count <= wanted)
        {
            return Enumerable.Range(0, count).ToArray();
        }

        return wanted == 1
            ? [count / 2]
            : Enumerable.Range(0, wanted).Select(i => (int)Math.Round(i * (count - 1) / (double)(wanted - 1))).Distinct().ToArray();
    }

    /// <summary>Per track, overlapping windows become one (up to the longest verified); their support adds up.</summary>
    public static List<(TrackWindow Window, double Support)> Merge(List<(TrackWindow Window, double Support)> proposals, int maxFrames)
    {
        var merged = new List<(TrackWindow Window, double Support)>();
        foreach (var track in proposals.GroupBy(p => (p.Window.VideoId, p.Window.Person)))
        {
            (TrackWindow Window, double Support)? current = null;
            foreach (var proposal in track.OrderBy(p => p.Window.FirstFrame))
            {
                if (current is { } c && proposal.Window.FirstFrame <= c.Window.LastFrame
                    && Math.Max(c.Window.LastFrame, proposal.Window.LastFrame) - c.Window.FirstFrame + 1 <= maxFrames)
                {
                    current = (c.Window with { LastFrame = Math.Max(c.Window.LastFrame, proposal.Window.LastFrame) }, c.Support + proposal.Support);
                    continue;
                }

                if (current is not null)
                {
                    merged.Add(current.Value);
                }

                current = proposal;
            }

            merged.Add(current!.Value);
        }

        return merged;
    }
}
