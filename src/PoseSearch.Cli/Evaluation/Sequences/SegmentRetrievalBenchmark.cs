using System.Diagnostics;
using System.Globalization;
using PoseSearch.Cli.Common;
using PoseSearch.Cli.Common.Input;
using PoseSearch.Core.Geometry;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Metrics;
using PoseSearch.Core.Sequences;
using PoseSearch.Embedding;
using PoseSearch.Storage;
using PoseSearch.Storage.Migrations;
using PoseSearch.Storage.Sequences;

namespace PoseSearch.Cli.Evaluation.Sequences;

/// <summary>
/// Segment retrieval across views (issue 14, item 3), through the service's own search
/// (<see cref="SegmentSearch"/> on PostgreSQL): held-out mocap clips are projected through all
/// cameras of a rig but one and stored as tracks (videoId = dataset/clip.camera, frame = frame
/// index, person 0); query clips are cut from the same clips and seen by the remaining camera.
/// A query hits when a returned segment is from a stored view of its clip and overlaps its true
/// frames by IoU &gt;= 0.5. Beside it, the looser "same movement": the top segment's path pairs
/// each query frame with a stored frame whose 3D pose is within kappa (mean NP-MPJPE &lt; 0.1),
/// the criterion of the single-frame benchmark, whichever clip it comes from.
/// With a temporal model, the collection's windows are built (or reused when current) and every
/// query is searched twice, the same clip both times: shortlisted through the per-frame index, and
/// through the temporal windows; the verification is the same.
/// </summary>
internal sealed class SegmentRetrievalBenchmark(PoseEmbedder embedder, StorageConnection storage, IProgressReporter progress, WindowEmbedder? temporal = null)
{
    private const int LoadBatchRows = 2048;

    private sealed record Track(MocapDataset Dataset, int[] Rows)
    {
        public string VideoId(string camera) => $"{Dataset.Source}/{Dataset.ClipNames[Dataset.ClipId[Rows[0]]]}.{camera}";
    }

    public async Task<SegmentRetrievalReport> RunAsync(SegmentRetrievalSettings settings, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var rig = CameraRigFile.Load(settings.Rig, settings.Subject);
        if (rig.Cameras.Count < 2)
        {
            throw new CliInputException("segment retrieval needs a rig with at least two cameras");
        }

        if (settings.QueryCamera < 0 || settings.QueryCamera >= rig.Cameras.Count)
        {
            throw new CliInputException($"--query-camera must be between 0 and {rig.Cameras.Count - 1}, got {settings.QueryCamera}");
        }

        if (settings.ClipFrames < 2 || settings.Queries < 1 || settings.K < 1 || settings.MaxPoses < 1)
        {
            throw new CliInputException("--clip-frames must be >= 2, and --queries, --k and --max-poses >= 1");
        }

        var stored = Enumerable.Range(0, rig.Cameras.Count).Where(c => c != settings.QueryCamera).ToArray();
        var tracks = SelectTracks(settings, settings.MaxPoses / stored.Length);
        var poses = tracks.Sum(t => t.Rows.Length) * stored.Length;
        var timings = new Dictionary<string, double>();

        var watch = Stopwatch.StartNew();
        // A rerun with the same datasets, seed and size finds the collection filled already (as `demo load` does).
        var existing = await new CollectionStore(storage.DataSource).GetAsync(settings.Collection, cancellationToken).ConfigureAwait(false);
        var reused = existing is not null && existing.ModelSha256 == storage.Model.Sha256 && existing.PoseCount == poses;
        if (!reused)
        {
            await LoadAsync(settings.Collection, tracks, rig, stored, cancellationToken).ConfigureAwait(false);
            timings["load"] = watch.Elapsed.TotalSeconds;
        }

        var temporalIdentity = temporal is null ? null : new ModelIdentity(temporal.Card.Name, temporal.Card.Sha256, temporal.Card.EmbeddingDim);
        if (temporal is not null)
        {
            watch.Restart();
            var set = await new PoseWindowSetReader(storage.DataSource).GetAsync(settings.Collection, cancellationToken).ConfigureAwait(false);
            if (set is null || set.Stale || set.ModelSha256 != temporal.Card.Sha256)
            {
                await BuildWindowsAsync(settings.Collection, temporalIdentity!, cancellationToken).ConfigureAwait(false);
                timings["windows"] = watch.Elapsed.TotalSeconds;
            }
        }

        var random = new Random(settings.Seed + 1);
        var candidates = tracks.Where(t => t.Rows.Length >= settings.ClipFrames).ToList();
        if (candidates.Count == 0)
        {
            throw new CliInputException($"no stored clip has {settings.ClipFrames} frames (--clip-frames)");
        }

        var weights = candidates.Select(t => (double)(t.Rows.Length - settings.ClipFrames + 1)).ToArray();
        var search = new SegmentSearch(new TwoStageSearch(storage.DataSource, new SearchOptions()), new TrackWindowReader(storage.DataSource),
            new PoseWindowSearch(storage.DataSource));
        var options = settings.Search with { K = settings.K };
        // For the movement criterion: every stored track by video id, and each track's rows by frame.
        var trackOf = tracks.SelectMany(t => stored.Select(c => (Video: t.VideoId(rig.Cameras[c].Id), Track: t)))
            .ToDictionary(x => x.Video, x => (x.Track, Rows: x.Track.Rows.ToDictionary(r => x.Track.Dataset.FrameIndex[r])), StringComparer.Ordinal);
        var frameTally = new SegmentRetrievalTally();
        var windowTally = temporal is null ? null : new SegmentRetrievalTally();
        watch.Restart();
        var stage = progress.Start($"Searching {settings.Queries} clips of {settings.ClipFrames} frames seen by camera {rig.Cameras[settings.QueryCamera].Id}", settings.Queries);
        for (var q = 0; q < settings.Queries; q++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var track = candidates[Pick(weights, random)];
            var offset = random.Next(0, track.Rows.Length - settings.ClipFrames + 1);
            var rows = track.Rows[offset..(offset + settings.ClipFrames)];
            var view = RigProjector.Project(track.Dataset, rows, rig);
            var frames = rows.Select(r => (long)track.Dataset.FrameIndex[r]).ToArray();
            var truth = (Start: frames[0], End: frames[^1]);
            var videos = stored.Select(c => track.VideoId(rig.Cameras[c].Id)).ToHashSet(StringComparer.Ordinal);

            double PathError(SegmentMatch top) => PathNpMpjpe(top, track, rows, trackOf[top.VideoId]);
            var timer = Stopwatch.StartNew();
            var embedded = embedder.Embed(view.Keypoints[settings.QueryCamera], view.Visibility[settings.QueryCamera]);
            var query = new AlignableSequence(frames, embedded.Means, embedded.Stddevs, embedded.Dimension);
            var result = await search.SearchAsync(settings.Collection, storage.Model, embedder.MatchModel, query, options, cancellationToken).ConfigureAwait(false);
            frameTally.Add(result, timer.Elapsed.TotalMilliseconds, videos, truth, PathError);

            if (temporal is not null)
            {
                // The same clip again, shortlisted through the windows: its frames embedded, then its centred windows (as the API does).
                timer.Restart();
                embedded = embedder.Embed(view.Keypoints[settings.QueryCamera], view.Visibility[settings.QueryCamera]);
                query = new AlignableSequence(frames, embedded.Means, embedded.Stddevs, embedded.Dimension);
                var keypoints = view.Keypoints[settings.QueryCamera];
                var visibility = view.Visibility[settings.QueryCamera];
                var clipPoses = Enumerable.Range(0, rows.Length).Select(i => new ModelPose(
                    keypoints.AsSpan(i * ModelJoints.CoordinateCount, ModelJoints.CoordinateCount), visibility.AsSpan(i * ModelJoints.Count, ModelJoints.Count))).ToList();
                var shortlist = new WindowShortlist(temporalIdentity!, temporal.MatchModel, _ =>
                {
                    var batch = temporal.Embed(CentredWindows.Build(clipPoses, temporal.Window.Length, temporal.Window.Stride));
                    return Task.FromResult((batch.Means, batch.Stddevs));
                });
                var windowed = await search.SearchAsync(settings.Collection, storage.Model, embedder.MatchModel, query, options, cancellationToken, shortlist)
                    .ConfigureAwait(false);
                windowTally!.Add(windowed, timer.Elapsed.TotalMilliseconds, videos, truth, PathError);
            }

            stage.Advance(1);
        }
        stage.Complete();
        timings["queries"] = watch.Elapsed.TotalSeconds;

        var figures = frameTally.Figures();
        var card = embedder.Card;
        return new SegmentRetrievalReport
        {
            Tool = "posesearch eval-sequence-search",
            CreatedUtc = DateTimeOffset.UtcNow,
            Arguments = arguments,
            Datasets = settings.Datasets,
            Rig = $"{rig.Name} ({rig.Subject})",
            Model = new Reports.ModelSummary(card.Name, card.Variant, card.Sha256, card.EmbeddingDim, card.NumSamples, card.License),
            TemporalModel = temporal is null ? null
                : new Reports.ModelSummary(temporal.Card.Name, temporal.Card.Variant, temporal.Card.Sha256, temporal.Card.EmbeddingDim, temporal.Card.NumSamples, temporal.Card.License),
            Truth = "A query hits when a segment is from a stored view of its clip (videoId = dataset/clip.camera) and overlaps its true frames by IoU >= 0.5.",
            Poses = poses,
            Tracks = tracks.Count * stored.Length,
            StoredCameras = stored.Select(c => rig.Cameras[c].Id).ToArray(),
            QueryCamera = rig.Cameras[settings.QueryCamera].Id,
            Queries = settings.Queries,
            ClipFrames = settings.ClipFrames,
            K = settings.K,
            HitAt1 = figures.HitAt1,
            HitAtK = figures.HitAtK,
            RightClipAt1 = figures.RightClipAt1,
            SameMovementAt1 = figures.SameMovementAt1,
            MedianPathNpMpjpeAt1 = figures.MedianPathNpMpjpeAt1,
            MedianIouAt1 = figures.MedianIouAt1,
            LatencyP50Ms = figures.LatencyP50Ms,
            LatencyP95Ms = figures.LatencyP95Ms,
            LatencyMeanMs = figures.LatencyMeanMs,
            MeanWindowsVerified = figures.MeanWindowsVerified,
            WithWindows = windowTally?.Figures(),
            TimingsSeconds = timings,
        };
    }

    /// <summary>(Re)builds the collection's temporal windows, as `posesearch windows build` does.</summary>
    private async Task BuildWindowsAsync(string collection, ModelIdentity temporalIdentity, CancellationToken cancellationToken)
    {
        IProgressStage? stage = null;
        long done = 0;
        var report = new InlineProgress(value =>
        {
            stage ??= progress.Start($"Embedding the temporal windows of '{collection}' with {temporalIdentity.Name}", value.Total);
            stage.Advance(value.Done - done);
            done = value.Done;
        });
        await new PoseWindowBuilder(storage.DataSource).BuildAsync(collection, temporalIdentity, temporal!.Window.Length, temporal.Window.Stride,
            (windows, _) =>
            {
                var batch = temporal.Embed(windows);
                return Task.FromResult((batch.Means, batch.Stddevs));
            }, report, cancellationToken).ConfigureAwait(false);
        stage?.Complete();
    }

    private sealed class InlineProgress(Action<(long Done, long Total)> report) : IProgress<(long Done, long Total)>
    {
        public void Report((long Done, long Total) value) => report(value);
    }
    /// <summary>Whole clips of every dataset (rows of the excluded split left out), in seeded order, until the frame budget; the last one cut.</summary>
    private static List<Track> SelectTracks(SegmentRetrievalSettings settings, int frameBudget)
    {
        var all = new List<Track>();
        foreach (var path in settings.Datasets)
        {
            var dataset = MocapDatasetFile.Read(path);
            var rows = Enumerable.Range(0, dataset.Count).Where(r => settings.ExcludeSplit is null || dataset.Split is null || dataset.Split[r] != settings.ExcludeSplit);
            all.AddRange(rows.GroupBy(r => dataset.ClipId[r]).Select(g => new Track(dataset, g.OrderBy(r => dataset.FrameIndex[r]).ToArray())));
        }

        var random = new Random(settings.Seed);
        var chosen = new List<Track>();
        var frames = 0;
        foreach (var track in all.OrderBy(_ => random.Next()))
        {
            if (frames >= frameBudget)
            {
                break;
            }

            var take = Math.Min(track.Rows.Length, frameBudget - frames);
            chosen.Add(track with { Rows = track.Rows[..take] });
            frames += take;
        }

        if (chosen.Count == 0)
        {
            throw new CliInputException("no poses to load: every dataset row was excluded (check --exclude-split)");
        }

        return chosen;
    }

    /// <summary>Re-creates the collection and loads every track as seen by the stored cameras (index built after the load).</summary>
    private async Task LoadAsync(string collection, List<Track> tracks, LoadedRig rig, int[] stored, CancellationToken cancellationToken)
    {
        var collections = new CollectionStore(storage.DataSource);
        await collections.DeleteAsync(collection, cancellationToken).ConfigureAwait(false);
        await collections.CreateAsync(collection, "posesearch eval-sequence-search: held-out mocap tracks", storage.Model, cancellationToken).ConfigureAwait(false);
        var index = new CollectionIndexMaintenance(storage.DataSource);
        await index.DropAsync(collection, cancellationToken).ConfigureAwait(false);

        var store = new PoseStore(storage.DataSource);
        var total = tracks.Sum(t => t.Rows.Length) * stored.Length;
        var stage = progress.Start($"Loading {total:N0} poses ({tracks.Count} clips x {stored.Length} cameras) into '{collection}'", total);
        foreach (var track in tracks)
        {
            for (var start = 0; start < track.Rows.Length; start += LoadBatchRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rows = track.Rows[start..Math.Min(track.Rows.Length, start + LoadBatchRows)];
                var views = RigProjector.Project(track.Dataset, rows, rig);
                var records = new List<PoseRecord>(rows.Length * stored.Length);
                foreach (var c in stored)
                {
                    var embedded = embedder.Embed(views.Keypoints[c], views.Visibility[c]);
                    var video = track.VideoId(rig.Cameras[c].Id);
                    for (var i = 0; i < rows.Length; i++)
                    {
                        var frame = track.Dataset.FrameIndex[rows[i]];
                        records.Add(new PoseRecord(
                            string.Create(CultureInfo.InvariantCulture, $"{video}:{frame}"),
                            embedded.Mean(i).ToArray(),
                            embedded.Stddev(i).ToArray(),
                            views.Keypoints[c].AsSpan(i * ModelJoints.CoordinateCount, ModelJoints.CoordinateCount).ToArray(),
                            views.Visibility[c].AsSpan(i * ModelJoints.Count, ModelJoints.Count).ToArray(),
                            new PoseMetadata(VideoId: video, Frame: frame, Person: 0)));
                    }
                }

                await store.IngestAsync(collection, records, storage.Model, cancellationToken).ConfigureAwait(false);
                stage.Advance(records.Count);
            }
        }
        stage.Complete();

        await index.CreateAsync(collection, new SchemaParameters { EmbeddingDim = storage.Model.EmbeddingDim }, cancellationToken).ConfigureAwait(false);
        await new PoseTableMaintenance(storage.DataSource).AnalyzeAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Mean NP-MPJPE, in 3D, between each query frame and the stored frame the segment's path matches it to.</summary>
    private static double PathNpMpjpe(SegmentMatch segment, Track query, int[] queryRows, (Track Track, Dictionary<int, int> Rows) stored)
    {
        var queryRowOf = queryRows.ToDictionary(r => (long)query.Dataset.FrameIndex[r]);
        return segment.Alignment.Average(p => (double)NpMpjpe.Compute(
            query.Dataset.Poses3D.AsSpan(queryRowOf[p.FrameA] * Skeleton17.ValueCount, Skeleton17.ValueCount),
            stored.Track.Dataset.Poses3D.AsSpan(stored.Rows[(int)p.FrameB] * Skeleton17.ValueCount, Skeleton17.ValueCount)));
    }

    private static int Pick(double[] weights, Random random)
    {
        var pick = random.NextDouble() * weights.Sum();
        var i = 0;
        while (i < weights.Length - 1 && pick >= weights[i])
        {
            pick -= weights[i++];
        }

        return i;
    }
}
