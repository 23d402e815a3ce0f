using Microsoft.Extensions.Logging.Abstractions;
using PoseSearch.Core.Keypoints;
using PoseSearch.Embedding;
using PoseSearch.TestSupport;

namespace PoseSearch.Embedding.Tests;

/// <summary>
/// The service's micro-batching (every model run of the API goes through it): many concurrent
/// requests, of one pose or of several, share model runs, and each must get exactly its own
/// embeddings (the test vectors' mean and stddev), whatever batch it landed in.
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
    public async Task Batches_of_several_poses_mixed_with_single_ones_each_get_their_rows_in_order()
    {
        var vectors = TestVectors.Load(Folder);
        using var embedder = PoseEmbedder.Load(new EmbeddingOptions { Path = Folder }, NullLogger.Instance);
        using var batcher = new MicroBatchingEmbedder(embedder, maxBatch: 8);
        var poses = vectors.Cases.Select(c => new ModelPose(c.FlatKeypoints.Select((v, i) => c.Visibility[i / 2] > 0.5f ? v : 0f).ToArray(), c.Visibility)).ToList();

        // Requests of 1 to 3 x the cases: some share a run, some exceed the run size (8) and run in chunks.
        var requests = Enumerable.Range(0, 12)
            .Select(r => Enumerable.Range(0, 1 + r % 3 * poses.Count / 2 + r % 2).Select(i => (r + i) % poses.Count).ToList())
            .ToList();
        var singles = Enumerable.Range(0, poses.Count).Select(i => Task.Run(() => batcher.EmbedAsync(poses[i]))).ToList();
        var batches = requests.Select(indices => Task.Run(() => batcher.EmbedAsync(indices.Select(i => poses[i]).ToList()))).ToList();
        var singleResults = await Task.WhenAll(singles);
        var batchResults = await Task.WhenAll(batches);

        for (var r = 0; r < requests.Count; r++)
        {
            var batch = batchResults[r];
            Assert.Equal(requests[r].Count, batch.Count);
            for (var row = 0; row < batch.Count; row++)
            {
                var expected = vectors.Cases[requests[r][row]];
                for (var d = 0; d < embedder.Dimension; d++)
                {
                    Assert.Equal(expected.Mean[d], batch.Mean(row)[d], 1e-4f);
                    Assert.Equal(expected.Stddev[d], batch.Stddev(row)[d], 1e-4f);
                }
            }
        }

        for (var i = 0; i < singleResults.Length; i++)
        {
            Assert.Equal(vectors.Cases[i].Mean, singleResults[i].Mean, (a, b) => Math.Abs(a - b) < 1e-4f);
        }
    }

    [Fact]
    public async Task A_request_larger_than_the_queue_limit_runs_when_the_queue_is_empty()
    {
        using var embedder = PoseEmbedder.Load(new EmbeddingOptions { Path = Folder }, NullLogger.Instance);
        using var batcher = new MicroBatchingEmbedder(embedder, maxBatch: 2, maxQueue: 4);
        var pose = new ModelPose(
            [320, 100, 350, 150, 290, 150, 362, 210, 278, 210, 366, 265, 274, 265, 340, 270, 300, 270, 342, 350, 298, 350, 344, 430, 296, 430],
            Enumerable.Repeat(1f, 13).ToArray());

        var batch = await batcher.EmbedAsync(Enumerable.Repeat(pose, 10).ToList());

        Assert.Equal(10, batch.Count);
        Assert.Equal(batch.Mean(0).ToArray(), batch.Mean(9).ToArray());
        Assert.Equal(0, (await batcher.EmbedAsync(Array.Empty<ModelPose>())).Count);
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
