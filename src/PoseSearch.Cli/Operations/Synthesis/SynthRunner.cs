using System.Diagnostics;
using PoseSearch.Cli.Common;
using PoseSearch.Cli.Common.Input;
using PoseSearch.Embedding;
using PoseSearch.Storage;
using PoseSearch.Storage.Migrations;

namespace PoseSearch.Cli.Operations.Synthesis;

/// <summary>
/// `posesearch synth`: film the mocap with random cameras, embed every pose in batches, load
/// the rows by binary COPY, (re)build the HNSW index. The stages run one after the other so
/// that each rate in the <see cref="SynthReport"/> is that stage's alone.
/// </summary>
internal sealed class SynthRunner(PoseEmbedder embedder, StorageConnection storage, IProgressReporter progress, TextWriter log)
{
    public async Task<SynthReport> RunAsync(SynthSettings settings, CancellationToken cancellationToken)
    {
        settings.Validate();
        var started = DateTime.UtcNow;
        var loadStart = LoadAverage.OneMinute();

        var watch = Stopwatch.StartNew();
        var dataset = MocapDatasetFile.Read(settings.Dataset);
        var poses = SyntheticPoseGenerator.Generate(dataset, settings.Plan,
            progress.Start($"Filming {settings.Plan.Count:N0} poses with random cameras", settings.Plan.Count));
        var generateSeconds = watch.Elapsed.TotalSeconds;

        var (means, stddevs, embedSeconds) = Embed(poses, settings.EmbedBatch, cancellationToken);

        var schema = new SchemaParameters { EmbeddingDim = embedder.Dimension, HnswM = settings.HnswM, HnswEfConstruction = settings.HnswEfConstruction };
        await PrepareCollectionAsync(settings, schema, cancellationToken).ConfigureAwait(false);

        var copySeconds = await CopyAsync(settings, poses, means, stddevs, cancellationToken).ConfigureAwait(false);

        double? indexSeconds = null;
        if (settings.Index == IndexBuild.AfterLoad)
        {
            var stage = progress.Start($"Building the HNSW index (m {settings.HnswM}, ef_construction {settings.HnswEfConstruction})", 1);
            indexSeconds = (await new CollectionIndexMaintenance(storage.DataSource).CreateAsync(settings.Collection, schema, cancellationToken).ConfigureAwait(false)).TotalSeconds;
            stage.Complete();
        }
        var table = new PoseTableMaintenance(storage.DataSource);
        await table.AnalyzeAsync(cancellationToken).ConfigureAwait(false);
        var size = await table.SizeAsync(cancellationToken).ConfigureAwait(false);

        var parameters = ModelParameterCount.TryRead(embedder.Card.ModelPath);
        var embedRate = poses.Count / embedSeconds;
        return new SynthReport
        {
            Collection = settings.Collection,
            Dataset = RepositoryRelative(settings.Dataset),
            Poses = poses.Count,
            Videos = poses.Videos.Count,
            Seed = settings.Plan.Seed,
            Model = embedder.Card.Name,
            ModelSha256 = embedder.Card.Sha256,
            ModelParameters = parameters,
            Threads = settings.Threads,
            EmbedBatch = settings.EmbedBatch,
            CopyBatch = settings.CopyBatch,
            CopyMode = settings.Copy.ToString(),
            IndexBuild = settings.Index.ToString(),
            HnswM = settings.HnswM,
            HnswEfConstruction = settings.HnswEfConstruction,
            GenerateSeconds = generateSeconds,
            EmbedSeconds = embedSeconds,
            EmbedPosesPerSecond = embedRate,
            EmbedGflops = parameters is { } p ? 2.0 * p * embedRate / 1e9 : null,
            CopySeconds = copySeconds,
            CopyPosesPerSecond = poses.Count / copySeconds,
            IndexBuildSeconds = indexSeconds,
            LoadAndIndexSeconds = copySeconds + (indexSeconds ?? 0),
            TableBytes = size.TableBytes,
            IndexBytes = size.IndexBytes,
            LoadAverageStart = loadStart,
            LoadAverageEnd = LoadAverage.OneMinute(),
            StartedUtc = started,
        };
    }

    /// <summary>The path relative to the repository when it lies inside it: reports are committed and read elsewhere.</summary>
    private static string RepositoryRelative(string path)
    {
        var root = Core.IO.SharedDataLocator.FindRepositoryRoot(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return root is null ? path : Path.GetRelativePath(root, path);
    }

    private (float[] Means, float[] Stddevs, double Seconds) Embed(SyntheticPoseSet poses, int batch, CancellationToken cancellationToken)
    {
        var d = embedder.Dimension;
        var means = new float[poses.Count * d];
        var stddevs = new float[poses.Count * d];
        var stage = progress.Start($"Embedding {poses.Count:N0} poses ({embedder.Card.Name}, batches of {batch})", poses.Count);
        var watch = Stopwatch.StartNew();
        for (var start = 0; start < poses.Count; start += batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = Math.Min(batch, poses.Count - start);
            var embedded = embedder.Embed(
                poses.Keypoints.AsSpan(start * Core.Keypoints.ModelJoints.CoordinateCount, n * Core.Keypoints.ModelJoints.CoordinateCount),
                poses.Visibility.AsSpan(start * Core.Keypoints.ModelJoints.Count, n * Core.Keypoints.ModelJoints.Count));
            embedded.Means.CopyTo(means, start * d);
            embedded.Stddevs.CopyTo(stddevs, start * d);
            stage.Advance(n);
        }
        var seconds = watch.Elapsed.TotalSeconds;
        stage.Complete();
        return (means, stddevs, seconds);
    }

    private async Task PrepareCollectionAsync(SynthSettings settings, SchemaParameters schema, CancellationToken cancellationToken)
    {
        var collections = new CollectionStore(storage.DataSource);
        var index = new CollectionIndexMaintenance(storage.DataSource);
        if (await collections.GetAsync(settings.Collection, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            if (!settings.Replace)
            {
                throw new CliInputException($"collection '{settings.Collection}' already exists ({existing.PoseCount:N0} poses); pass --replace to delete it first");
            }

            await log.WriteLineAsync($"deleting the existing collection '{settings.Collection}' ({existing.PoseCount:N0} poses)").ConfigureAwait(false);
            // Without the index the cascade delete does not have to mark a million graph entries.
            if (settings.Index == IndexBuild.AfterLoad)
            {
                await index.DropAsync(settings.Collection, cancellationToken).ConfigureAwait(false);
            }

            await collections.DeleteAsync(settings.Collection, cancellationToken).ConfigureAwait(false);
        }
        await collections.CreateAsync(settings.Collection,
            $"posesearch synth: {settings.Plan.Count:N0} poses of {Path.GetFileName(settings.Dataset)} through random cameras (seed {settings.Plan.Seed})",
            storage.Model, cancellationToken).ConfigureAwait(false);

        if (settings.Index == IndexBuild.AfterLoad)
        {
            await index.DropAsync(settings.Collection, cancellationToken).ConfigureAwait(false);
        }
        else if (!await index.ExistsAsync(settings.Collection, cancellationToken).ConfigureAwait(false))
        {
            // A previous after-load run that was interrupted left the table without its index.
            await new CollectionIndexMaintenance(storage.DataSource).CreateAsync(settings.Collection, schema, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<double> CopyAsync(SynthSettings settings, SyntheticPoseSet poses, float[] means, float[] stddevs, CancellationToken cancellationToken)
    {
        var d = embedder.Dimension;
        var bulk = new PoseBulkLoader(storage.DataSource);
        var upsert = new PoseStore(storage.DataSource);
        var stage = progress.Start($"COPY {poses.Count:N0} rows into '{settings.Collection}' ({settings.Copy}, {settings.Index})", poses.Count);
        var watch = Stopwatch.StartNew();
        var batch = new List<PoseRecord>(Math.Min(settings.CopyBatch, poses.Count));
        for (var start = 0; start < poses.Count; start += settings.CopyBatch)
        {
            var n = Math.Min(settings.CopyBatch, poses.Count - start);
            batch.Clear();
            for (var i = start; i < start + n; i++)
            {
                batch.Add(new PoseRecord(
                    poses.ExternalId(i),
                    means.AsSpan(i * d, d).ToArray(),
                    stddevs.AsSpan(i * d, d).ToArray(),
                    poses.KeypointsOf(i).ToArray(),
                    poses.VisibilityOf(i).ToArray(),
                    poses.Metadata(i)));
            }
            if (settings.Copy == CopyMode.Append)
            {
                await bulk.AppendAsync(settings.Collection, batch, storage.Model, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await upsert.IngestAsync(settings.Collection, batch, storage.Model, cancellationToken).ConfigureAwait(false);
            }

            stage.Advance(n);
        }
        var seconds = watch.Elapsed.TotalSeconds;
        stage.Complete();
        return seconds;
    }
}
