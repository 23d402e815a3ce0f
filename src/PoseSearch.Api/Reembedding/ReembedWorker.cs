using System.Threading.Channels;
using PoseSearch.Api.Serving;
using PoseSearch.Storage;

namespace PoseSearch.Api.Reembedding;

/// <summary>
/// Runs re-embedding jobs in the background, one at a time, through the target model's queue (so
/// searches and ingests keep their share of the model). Jobs left running by a crash or a shutdown
/// are resumed at start-up when their model is loaded. After a switch the collection's cached model
/// is forgotten, so its next search uses the new one.
/// </summary>
public sealed class ReembedWorker(
    CollectionReembedder reembedder, ModelRegistry models, CollectionModels collectionModels, IHostApplicationLifetime lifetime,
    ILogger<ReembedWorker> logger) : BackgroundService
{
    /// <summary>Poses per transaction: one model run (or a few) and one COPY each.</summary>
    public const int BatchSize = 1024;

    private const int RetrySeconds = 5;

    private readonly Channel<ReembedJob> _jobs = Channel.CreateUnbounded<ReembedJob>();

    public void Enqueue(ReembedJob job) => _jobs.Writer.TryWrite(job);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The schema is applied by DatabaseInitializer, a hosted service that starts after this one: on a
        // fresh database reembed_jobs does not exist before every service has started.
        await ApplicationStartedAsync(stoppingToken);
        try
        {
            foreach (var job in await reembedder.ListRunningAsync(stoppingToken))
            {
                Enqueue(job);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database may not be up yet; runs started later are still queued by the endpoint.
            logger.LogWarning("Could not look for interrupted re-embedding runs: {Reason}", e.Message);
        }

        await foreach (var job in _jobs.Reader.ReadAllAsync(stoppingToken))
        {
            await RunAsync(job, stoppingToken);
        }
    }

    private async Task ApplicationStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
    }

    private async Task RunAsync(ReembedJob job, CancellationToken stoppingToken)
    {
        var model = models.FindByNameOrSha(job.ModelSha256);
        if (model is null)
        {
            logger.LogWarning("Re-embedding job {Job} of '{Collection}' waits: its model {Model} is not loaded", job.Id, job.Collection, job.ModelName);
            return;
        }

        try
        {
            logger.LogInformation("Re-embedding '{Collection}' with {Model} (job {Job}, {Done}/{Total} done)", job.Collection, job.ModelName, job.Id, job.Done, job.Total);
            var done = await reembedder.RunAsync(job, model.EmbedAsync, BatchSize, cancellationToken: stoppingToken);
            collectionModels.Forget(job.Collection);
            logger.LogInformation("Re-embedded '{Collection}' with {Model}: {Done} poses (job {Job})", job.Collection, job.ModelName, done.Done, job.Id);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("Re-embedding job {Job} of '{Collection}' paused by shutdown; it resumes at the next start", job.Id, job.Collection);
        }
        catch (Exception e) when (CollectionReembedder.IsTransient(e))
        {
            // The run stays "running" and resumes after a pause (the database restarting, a deadlock).
            logger.LogWarning("Re-embedding job {Job} of '{Collection}' interrupted ({Reason}); resuming in {Seconds} s", job.Id, job.Collection, e.Message, RetrySeconds);
            _ = Task.Delay(TimeSpan.FromSeconds(RetrySeconds), stoppingToken).ContinueWith(_ => Enqueue(job), TaskScheduler.Default);
        }
        catch (Exception e)
        {
            logger.LogError("Re-embedding job {Job} of '{Collection}' failed; the collection is unchanged: {Reason}", job.Id, job.Collection, e.Message);
        }
    }
}
