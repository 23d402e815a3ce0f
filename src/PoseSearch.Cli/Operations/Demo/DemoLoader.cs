using System.Globalization;
using System.Text.Json;
using PoseSearch.Cli.Common;
using PoseSearch.Cli.Common.Input;
using PoseSearch.Core.Keypoints;
using PoseSearch.Embedding;
using PoseSearch.Storage;

namespace PoseSearch.Cli.Operations.Demo;

/// <summary>
/// Builds the demo collection: every kept mocap frame placed at the rig's origin and projected
/// through each camera, embedded in large batches and ingested with the Storage layer's
/// binary COPY. External ids are "clip:frame:camera", so a second run replaces rather than
/// duplicates; when the collection already holds exactly these poses from the same model the
/// load is skipped altogether.
/// </summary>
internal sealed class DemoLoader(PoseEmbedder embedder, StorageConnection storage, IProgressReporter progress, TextWriter log)
{
    public async Task<DemoLoadResult> LoadAsync(DemoLoadSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Every < 1)
        {
            throw new CliInputException($"--every must be >= 1, got {settings.Every}");
        }

        var rig = CameraRigFile.Load(settings.Rig, settings.Subject);
        var sources = settings.Datasets.Select(path => SelectRows(MocapDatasetFile.Read(path), settings)).ToList();
        var expected = sources.Sum(s => s.Rows.Count) * rig.Cameras.Count;
        if (expected == 0)
        {
            throw new CliInputException("no poses to load: every dataset row was excluded (check --exclude-split and --every)");
        }

        var collections = new CollectionStore(storage.DataSource);
        var existing = await collections.GetAsync(settings.Collection, cancellationToken).ConfigureAwait(false);
        if (existing is not null && existing.ModelSha256 == storage.Model.Sha256 && existing.PoseCount == expected)
        {
            return new DemoLoadResult(settings.Collection, expected, 0, Skipped: true);
        }

        if (existing is not null && existing.ModelSha256 != storage.Model.Sha256)
        {
            // The default model changed: re-embed the stored poses in place (resumable, online) rather than reload them.
            await log.WriteLineAsync($"collection '{settings.Collection}' was embedded with model {existing.ModelName} ({existing.ModelSha256[..12]}); re-embedding it with {storage.Model.Name} ({storage.Model.Sha256[..12]})").ConfigureAwait(false);
            var reembedder = new CollectionReembedder(storage.DataSource);
            var job = await reembedder.StartAsync(settings.Collection, storage.Model, cancellationToken).ConfigureAwait(false);
            await ReembeddingRun.RunAsync(reembedder, job, embedder, settings.BatchSize, progress,
                $"Re-embedding {job.Total:N0} demo poses with {storage.Model.Name}", cancellationToken).ConfigureAwait(false);
            existing = await collections.GetAsync(settings.Collection, cancellationToken).ConfigureAwait(false);
            if (existing is not null && existing.PoseCount == expected)
            {
                return new DemoLoadResult(settings.Collection, expected, 0, Skipped: true, Reembedded: true);
            }
        }
        if (existing is null)
        {
            var description = $"PoseSearch demo: {string.Join(" + ", sources.Select(s => s.Dataset.Source))}, every {settings.Every}th frame, projected through {rig.Name} ({rig.Subject})";
            await collections.CreateAsync(settings.Collection, description, storage.Model, cancellationToken).ConfigureAwait(false);
        }

        var store = new PoseStore(storage.DataSource);
        var stage = progress.Start($"Loading {expected:N0} demo poses into '{settings.Collection}'", expected);
        var written = 0;
        foreach (var source in sources)
        {
            for (var start = 0; start < source.Rows.Count; start += settings.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rows = source.Rows.Skip(start).Take(settings.BatchSize).ToArray();
                var views = RigProjector.Project(source.Dataset, rows, rig);
                var records = new List<PoseRecord>(rows.Length * rig.Cameras.Count);
                for (var c = 0; c < rig.Cameras.Count; c++)
                {
                    var embedded = embedder.Embed(views.Keypoints[c], views.Visibility[c]);
                    for (var i = 0; i < rows.Length; i++)
                    {
                        records.Add(Record(source.Dataset, rows[i], rig.Cameras[c].Id, views, c, i, embedded));
                    }
                }
                var result = await store.IngestAsync(settings.Collection, records, storage.Model, cancellationToken).ConfigureAwait(false);
                written += result.Inserted + result.Updated;
                stage.Advance(records.Count);
            }
        }
        stage.Complete();
        return new DemoLoadResult(settings.Collection, expected, written, Skipped: false);
    }

    private static (MocapDataset Dataset, IReadOnlyList<int> Rows) SelectRows(MocapDataset dataset, DemoLoadSettings settings)
    {
        var rows = new List<int>();
        for (var n = 0; n < dataset.Count; n++)
        {
            if (settings.ExcludeSplit is { } excluded && dataset.Split is { } split && split[n] == excluded)
            {
                continue;
            }

            if (dataset.FrameIndex[n] % settings.Every != 0)
            {
                continue;
            }

            rows.Add(n);
        }
        return (dataset, rows);
    }

    private static PoseRecord Record(MocapDataset dataset, int row, string cameraId, ProjectedViews views, int camera, int i, EmbeddingBatch embedded)
    {
        var clip = dataset.ClipNames[dataset.ClipId[row]];
        var frame = dataset.FrameIndex[row];
        var extra = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["clip"] = clip,
            ["camera"] = cameraId,
            ["source"] = dataset.Source,
        });
        return new PoseRecord(
            string.Create(CultureInfo.InvariantCulture, $"{clip}:{frame}:{cameraId}"),
            embedded.Mean(i).ToArray(),
            embedded.Stddev(i).ToArray(),
            views.Keypoints[camera].AsSpan(i * ModelJoints.CoordinateCount, ModelJoints.CoordinateCount).ToArray(),
            views.Visibility[camera].AsSpan(i * ModelJoints.Count, ModelJoints.Count).ToArray(),
            new PoseMetadata(
                VideoId: $"{clip}.{cameraId}",
                Frame: frame,
                TimestampSeconds: dataset.Fps > 0 ? frame / (double)dataset.Fps : null,
                Person: 0,
                ExtraJson: extra));
    }
}
