using Microsoft.Extensions.Logging.Abstractions;
using PoseSearch.Cli.Evaluation;
using PoseSearch.Cli.Tests.Support;
using PoseSearch.Core.Keypoints;
using PoseSearch.Embedding;

namespace PoseSearch.Cli.Tests;

public class FeatureExtractorTests
{
    [Fact]
    public void A_pose_whose_anchors_nearly_coincide_is_flagged_invalid_while_the_rest_embed()
    {
        // Row 1 keeps only the two shoulders, 1e-4 px apart, with the nose and a wrist 50-120 px
        // away: normalization would divide by 1e-4 and the model would see coordinates of about a
        // million, so Core rejects it (PoseNormalizer2D.MaxNormalizedCoordinate) before the model
        // runs, where it used to come back with a stddev of 0. Rows 0 and 2 are ordinary.
        var keypoints = EvalFixtures.StandingPose2D(0).Concat(new float[26]).Concat(EvalFixtures.StandingPose2D(30)).ToArray();
        var visibility = Enumerable.Repeat(1f, 3 * ModelJoints.Count).ToArray();
        for (var j = 0; j < ModelJoints.Count; j++)
        {
            visibility[ModelJoints.Count + j] = 0f;
        }

        var row1 = ModelJoints.CoordinateCount;
        (keypoints[row1 + 2 * ModelJoints.LeftShoulder], keypoints[row1 + 2 * ModelJoints.LeftShoulder + 1]) = (500f, 300f);
        (keypoints[row1 + 2 * ModelJoints.RightShoulder], keypoints[row1 + 2 * ModelJoints.RightShoulder + 1]) = (500.0001f, 300f);
        (keypoints[row1 + 2 * ModelJoints.Nose], keypoints[row1 + 2 * ModelJoints.Nose + 1]) = (505f, 250f);
        (keypoints[row1 + 2 * ModelJoints.LeftWrist], keypoints[row1 + 2 * ModelJoints.LeftWrist + 1]) = (530f, 420f);
        foreach (var joint in new[] { ModelJoints.Nose, ModelJoints.LeftShoulder, ModelJoints.RightShoulder, ModelJoints.LeftWrist })
        {
            visibility[ModelJoints.Count + joint] = 1f;
        }

        using var embedder = PoseEmbedder.Load(new EmbeddingOptions { Path = CliRunner.RandomTinyModel() }, NullLogger.Instance);
        var features = new FeatureExtractor(embedder).Extract(keypoints, visibility);

        Assert.Equal([true, false, true], features.Valid);
        Assert.Equal(0, features.RefusedByModel);
        var embedding = features.RequireEmbedding();
        Assert.All(embedding.Stddev(0).ToArray(), s => Assert.True(s > 0));
        Assert.All(embedding.Stddev(2).ToArray(), s => Assert.True(s > 0));
        // The same rows embedded on their own give the same result: the fallback keeps row order.
        var alone = embedder.Embed(EvalFixtures.StandingPose2D(30), Enumerable.Repeat(1f, ModelJoints.Count).ToArray());
        Assert.Equal(alone.Mean(0).ToArray(), embedding.Mean(2).ToArray());
    }
}
