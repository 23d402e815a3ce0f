using Microsoft.Extensions.Logging.Abstractions;
using PoseSearch.Api.Tests.Infrastructure;
using PoseSearch.Core.Keypoints;
using PoseSearch.Embedding;

namespace PoseSearch.Api.Tests;

/// <summary>
/// The search endpoint's micro-batching: many concurrent single-pose requests share model runs,
/// and each must get exactly its own embedding (the test vectors' mean and stddev), whatever
/// batch it landed in.
/// </summary>
public sealed class MicroBatchingEmbedderTests
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.ModelsFolder, "random-tiny");

    [Fact]
    public async Task Concurrent_requests_each_get_their_own_embedding()
    {
        var vectors = TestVectors.Load(Folder);
        using var embedder = PoseEmbedder.Load(new EmbeddingOptions { Path = Folder }, NullLogger.Instance);
        using var batcher = new MicroBatchingEmbedder(embedder, maxBatch: 16);
        var poses = vectors.Cases.Select(c => new ModelPose(c.FlatKeypoints.Select((v, i) => c.Visibility[i / 2] > 0.5f ? v : 0f).ToArray(), c.Visibility)).ToList();

        // All at once from the thread pool, several rounds, so that batches of many sizes form.
        var tasks = Enumerable.Range(0, 4 * poses.Count)
            .Select(i => Task.Run(() => batcher.EmbedAsync(poses[i % poses.Count])))
            .ToList();
        var results = await Task.WhenAll(tasks);

        for (var i = 0; i < results.Length; i++)
        {
            var expected = vectors.Cases[i % poses.Count];
            for (var d = 0; d < embedder.Dimension; d++)
            {
                Assert.Equal(expected.Mean[d], results[i].Mean[d], 1e-4f);
                Assert.Equal(expected.Stddev[d], results[i].Stddev[d], 1e-4f);
            }
        }
    }

    [Fact]
    public async Task A_disposed_batcher_refuses_new_work()
    {
        using var embedder = PoseEmbedder.Load(new EmbeddingOptions { Path = Folder }, NullLogger.Instance);
        var batcher = new MicroBatchingEmbedder(embedder, maxBatch: 4);
        batcher.Dispose();
        var pose = new ModelPose(new float[26], Enumerable.Repeat(1f, 13).ToArray());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => batcher.EmbedAsync(pose));
    }

    [Fact]
    public async Task A_full_queue_refuses_with_model_busy_and_the_accepted_poses_complete()
    {
        using var embedder = PoseEmbedder.Load(new EmbeddingOptions { Path = Folder }, NullLogger.Instance);
        using var batcher = new MicroBatchingEmbedder(embedder, maxBatch: 2, maxQueue: 4);
        var pose = new ModelPose(
            [320, 100, 350, 150, 290, 150, 362, 210, 278, 210, 366, 265, 274, 265, 340, 270, 300, 270, 342, 350, 298, 350, 344, 430, 296, 430],
            Enumerable.Repeat(1f, 13).ToArray());

        // Enqueued in a tight loop, far faster than the model runs: the queue fills.
        var accepted = new List<Task<(float[] Mean, float[] Stddev)>>();
        var refused = 0;
        for (var i = 0; i < 2_000; i++)
        {
            try
            {
                accepted.Add(batcher.EmbedAsync(pose));
            }
            catch (MicroBatchingEmbedder.ModelBusyException)
            {
                refused++;
            }
        }

        Assert.True(refused > 0, "the queue never filled");
        await Task.WhenAll(accepted);
        Assert.All(accepted, t => Assert.Equal(embedder.Dimension, t.Result.Mean.Length));
        Assert.Equal(embedder.Dimension, (await batcher.EmbedAsync(pose)).Mean.Length); // drained: accepted again
    }
}
