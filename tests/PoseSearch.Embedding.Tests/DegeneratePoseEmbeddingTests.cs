using Microsoft.Extensions.Logging.Abstractions;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Normalization;
using PoseSearch.Embedding;
using PoseSearch.TestSupport;

namespace PoseSearch.Embedding.Tests;

/// <summary>
/// Poses far from the training data but inside the service's limits (docs/model-contract.md): a
/// side view with the hips hidden, so the shoulders 1 px apart are the only anchors, and the body
/// spans up to <see cref="PoseNormalizer2D.MaxNormalizedCoordinate"/> after normalization. Every
/// shipped model must embed them with a finite mean and a stddev of at least the floor; the plain
/// model's stddev rounds to 0 for them, which used to turn such a request into a 500.
/// </summary>
public sealed class DegeneratePoseEmbeddingTests
{
    private static ModelPose SideView(float extent)
    {
        var c = new float[26];
        var v = new float[13];
        void Set(int j, float x, float y) { c[2 * j] = x; c[2 * j + 1] = y; v[j] = 1; }
        // Anchor scale 1 px centred on the shoulders: a joint at y px normalizes to y / 2.
        Set(ModelJoints.LeftShoulder, 0.5f, 0);
        Set(ModelJoints.RightShoulder, -0.5f, 0);
        Set(ModelJoints.Nose, 0, -extent / 2);
        Set(ModelJoints.LeftElbow, 0.5f, extent / 2);
        Set(ModelJoints.RightElbow, -0.5f, extent / 2);
        Set(ModelJoints.LeftWrist, 0.5f, extent);
        Set(ModelJoints.RightWrist, -0.5f, extent);
        Set(ModelJoints.LeftKnee, 0.3f, 1.5f * extent);
        Set(ModelJoints.RightKnee, -0.3f, 1.5f * extent);
        Set(ModelJoints.LeftAnkle, 0.3f, 2 * extent);
        Set(ModelJoints.RightAnkle, -0.3f, 2 * extent);
        return new ModelPose(c, v);
    }

    [Theory]
    [MemberData(nameof(ParityTests.ModelFolders), MemberType = typeof(ParityTests))]
    public void Poses_up_to_the_extent_limit_embed_with_a_usable_stddev(string model)
    {
        using var embedder = PoseEmbedder.Load(new EmbeddingOptions { Path = Path.Combine(RepositoryPaths.ModelsFolder, model) }, NullLogger.Instance);
        var extents = new[] { 1f, 2f, 4f, 8f, PoseNormalizer2D.MaxNormalizedCoordinate };
        var poses = extents.Select(SideView).ToList();
        Assert.All(poses, p => PoseNormalizer2D.Normalize(p)); // all inside the service's limit

        var batch = embedder.Embed(poses);
        for (var i = 0; i < poses.Count; i++)
        {
            Assert.All(batch.Mean(i).ToArray(), m => Assert.True(float.IsFinite(m)));
            Assert.All(batch.Stddev(i).ToArray(), s => Assert.True(s >= PoseEmbedder.MinStddev, $"extent {extents[i]}: stddev {s}"));
        }
    }

    [Fact]
    public void The_plain_models_stddev_that_rounds_to_zero_is_raised_to_the_floor()
    {
        using var embedder = PoseEmbedder.Load(new EmbeddingOptions { Path = Path.Combine(RepositoryPaths.ModelsFolder, "prvipe-plain-v1") }, NullLogger.Instance);
        var stddev = embedder.Embed([SideView(8)]).Stddev(0).ToArray();
        Assert.Contains(PoseEmbedder.MinStddev, stddev);
    }
}
