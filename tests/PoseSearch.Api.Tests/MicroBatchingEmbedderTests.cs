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
}
