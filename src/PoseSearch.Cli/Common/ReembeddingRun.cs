using PoseSearch.Embedding;
using PoseSearch.Storage;

namespace PoseSearch.Cli.Common;

/// <summary>
/// Runs (or resumes) a re-embedding job with the command's in-process model, showing its progress as
/// one stage: `posesearch reembed` and `posesearch demo load` (when the default model changed).
/// </summary>
internal static class ReembeddingRun
{
    public static async Task<ReembedJob> RunAsync(CollectionReembedder reembedder, ReembedJob job, PoseEmbedder embedder, int batchSize,
        IProgressReporter progress, string description, CancellationToken cancellationToken)
    {
        var stage = progress.Start(description, job.Total);
        stage.Advance(job.Done);
        var shown = job.Done;
        var done = await reembedder.RunAsync(job, (keypoints, visibility, _, _) =>
        {
            var batch = embedder.Embed(keypoints, visibility);
            return Task.FromResult((batch.Means, batch.Stddevs));
        }, batchSize, j =>
        {
            stage.Advance(Math.Max(0, j.Done - shown));
            shown = Math.Max(shown, j.Done);
        }, cancellationToken).ConfigureAwait(false);
        stage.Complete();
        return done;
    }
}
