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
/// </summary>
internal sealed class SegmentRetrievalBenchmark(PoseEmbedder embedder, StorageConnection storage, IProgressReporter progress)
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

        var random = new Random(settings.Seed + 1);
        var candidates = tracks.Where(t => t.Rows.Length >= settings.ClipFrames).ToList();
        if (candidates.Count == 0)
        {
            throw new CliInputException($"no stored clip has {settings.ClipFrames} frames (--clip-frames)");
        }

        var weights = candidates.Select(t => (double)(t.Rows.Length - settings.ClipFrames + 1)).ToArray();
        var search = new SegmentSearch(new TwoStageSearch(storage.DataSource, new SearchOptions()), new TrackWindowReader(storage.DataSource));
        var options = settings.Search with { K = settings.K };
        // For the movement criterion: every stored track by video id, and each track's rows by frame.
        var trackOf = tracks.SelectMany(t => stored.Select(c => (Video: t.VideoId(rig.Cameras[c].Id), Track: t)))
            .ToDictionary(x => x.Video, x => (x.Track, Rows: x.Track.Rows.ToDictionary(r => x.Track.Dataset.FrameIndex[r])), StringComparer.Ordinal);
        int hits1 = 0, hitsK = 0, rightClip = 0, sameMovement = 0;
        var pathErrors = new List<double>();
        var ious = new List<double>();
        var latencies = new List<double>();
        var windows = 0L;
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

            var timer = Stopwatch.StartNew();
            var embedded = embedder.Embed(view.Keypoints[settings.QueryCamera], view.Visibility[settings.QueryCamera]);
            var query = new AlignableSequence(frames, embedded.Means, embedded.Stddevs, embedded.Dimension);
            var result = await search.SearchAsync(settings.Collection, storage.Model, embedder.MatchModel, query, options, cancellationToken).ConfigureAwait(false);
            latencies.Add(timer.Elapsed.TotalMilliseconds);
            windows += result.WindowsVerified;

            bool IsHit(SegmentMatch s) => videos.Contains(s.VideoId) && AlignmentBenchmark.Iou((int)s.StartFrame, (int)s.EndFrame, (int)truth.Start, (int)truth.End) >= 0.5;
            if (result.Segments.Count > 0)
            {
                var top = result.Segments[0];
                hits1 += IsHit(top) ? 1 : 0;
                rightClip += videos.Contains(top.VideoId) ? 1 : 0;
                ious.Add(videos.Contains(top.VideoId) ? AlignmentBenchmark.Iou((int)top.StartFrame, (int)top.EndFrame, (int)truth.Start, (int)truth.End) : 0);
                var error = PathNpMpjpe(top, track, rows, trackOf[top.VideoId]);
                pathErrors.Add(error);
                sameMovement += error < NpMpjpe.DefaultKappa ? 1 : 0;
            }
            else
            {
                ious.Add(0);
                pathErrors.Add(double.PositiveInfinity);
            }

            hitsK += result.Segments.Any(IsHit) ? 1 : 0;
            stage.Advance(1);
        }
        stage.Complete();
        timings["queries"] = watch.Elapsed.TotalSeconds;

        var sorted = latencies.Order().ToArray();
        var card = embedder.Card;
        return new SegmentRetrievalReport
        {
            Tool = "posesearch eval-sequence-search",
            CreatedUtc = DateTimeOffset.UtcNow,
            Arguments = arguments,
            Datasets = settings.Datasets,
            Rig = $"{rig.Name} ({rig.Subject})",
            Model = new Reports.ModelSummary(card.Name, card.Variant, card.Sha256, card.EmbeddingDim, card.NumSamples, card.License),
            Truth = "A query hits when a segment is from a stored view of its clip (videoId = dataset/clip.camera) and overlaps its true frames by IoU >= 0.5.",
            Poses = poses,
            Tracks = tracks.Count * stored.Length,
            StoredCameras = stored.Select(c => rig.Cameras[c].Id).ToArray(),
            QueryCamera = rig.Cameras[settings.QueryCamera].Id,
            Queries = settings.Queries,
            ClipFrames = settings.ClipFrames,
            K = settings.K,
            HitAt1 = hits1 / (double)settings.Queries,
            HitAtK = hitsK / (double)settings.Queries,
            RightClipAt1 = rightClip / (double)settings.Queries,
            SameMovementAt1 = sameMovement / (double)settings.Queries,
            MedianPathNpMpjpeAt1 = AlignmentBenchmark.Quantile(pathErrors.Order().ToArray(), 0.5),
            MedianIouAt1 = AlignmentBenchmark.Quantile(ious.Order().ToArray(), 0.5),
            LatencyP50Ms = AlignmentBenchmark.Quantile(sorted, 0.5),
            LatencyP95Ms = AlignmentBenchmark.Quantile(sorted, 0.95),
            LatencyMeanMs = latencies.Average(),
            MeanWindowsVerified = windows / (double)settings.Queries,
            TimingsSeconds = timings,
        };
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
