using Microsoft.Extensions.Logging.Abstractions;
using PoseSearch.Core.Normalization;
using PoseSearch.Embedding;
using PoseSearch.TestSupport;
using Xunit.Abstractions;

namespace PoseSearch.Embedding.Tests;

/// <summary>
/// The C# path (ONNX Runtime, Core's normalization and match probability) reproduces the test
/// vectors the Python export wrote, for every model folder in onnx-models/.
/// </summary>
public sealed class ParityTests(ITestOutputHelper output)
{
    public static TheoryData<string> ModelFolders()
    {
        var folders = RepositoryPaths.ModelFoldersWithTestVectors();
        if (folders.Count == 0)
        {
            throw new InvalidOperationException($"no model with test-vectors.json under {RepositoryPaths.ModelsFolder}");
        }

        var data = new TheoryData<string>();
        foreach (var folder in folders)
        {
            data.Add(Path.GetFileName(folder));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ModelFolders))]
    public void Onnx_runtime_reproduces_mean_and_stddev(string model)
    {
        var folder = Path.Combine(RepositoryPaths.ModelsFolder, model);
        var vectors = TestVectors.Load(folder);
        using var embedder = PoseEmbedder.Load(new EmbeddingOptions { Path = folder, MaxInferenceBatchSize = 64 }, NullLogger.Instance);
        Assert.Equal(vectors.EmbeddingDim, embedder.Dimension);
        Assert.Equal(vectors.NumSamples, embedder.Card.NumSamples);
        Assert.True(vectors.Cases.Count >= 10, "too few test cases to mean anything");
        Assert.Contains(vectors.Cases, c => !c.AllVisible);

        // The raw test-vector inputs, garbage coordinates of missing joints included: the graph must ignore them.
        var batch = embedder.Embed(
            vectors.Cases.SelectMany(c => c.FlatKeypoints).ToArray(),
            vectors.Cases.SelectMany(c => c.Visibility).ToArray());

        var worst = 0.0;
        for (var i = 0; i < vectors.Cases.Count; i++)
        {
            for (var d = 0; d < embedder.Dimension; d++)
            {
                worst = Math.Max(worst, Math.Abs(batch.Mean(i)[d] - vectors.Cases[i].Mean[d]));
                worst = Math.Max(worst, Math.Abs(batch.Stddev(i)[d] - vectors.Cases[i].Stddev[d]));
            }
        }

        var tolerance = vectors.MeanStddevTolerance;
        output.WriteLine($"{model}: {vectors.Cases.Count} cases, largest mean/stddev difference {worst:G3} (tolerance {tolerance:G3})");
        Assert.True(worst <= tolerance, $"{model}: largest mean/stddev difference {worst:G3} > {tolerance:G3}");
    }

    [Theory]
    [MemberData(nameof(ModelFolders))]
    public void A_pose_embeds_the_same_alone_and_in_a_batch(string model)
    {
        // The service batches concurrent requests into one model run: a pose's embedding must not depend on
        // the other poses of its batch (a per-tensor activation scale in a quantized graph would break this).
        var folder = Path.Combine(RepositoryPaths.ModelsFolder, model);
        var vectors = TestVectors.Load(folder);
        using var embedder = PoseEmbedder.Load(new EmbeddingOptions { Path = folder, MaxInferenceBatchSize = 64 }, NullLogger.Instance);
        var cases = vectors.Cases.Take(32).ToList();
        var together = embedder.Embed(cases.SelectMany(c => c.FlatKeypoints).ToArray(), cases.SelectMany(c => c.Visibility).ToArray());
        var worst = 0.0;
        for (var i = 0; i < cases.Count; i++)
        {
            var alone = embedder.Embed(cases[i].FlatKeypoints, cases[i].Visibility);
            for (var d = 0; d < embedder.Dimension; d++)
            {
                worst = Math.Max(worst, Math.Abs(alone.Mean(0)[d] - together.Mean(i)[d]));
                worst = Math.Max(worst, Math.Abs(alone.Stddev(0)[d] - together.Stddev(i)[d]));
            }
        }

        output.WriteLine($"{model}: largest difference alone / in a batch of {cases.Count}: {worst:G3}");
        Assert.True(worst <= 1e-5, $"{model}: a pose embeds {worst:G3} differently alone than in a batch");
    }

    [Theory]
    [MemberData(nameof(ModelFolders))]
    public void Core_normalization_reproduces_the_normalized_poses(string model)
    {
        var vectors = TestVectors.Load(Path.Combine(RepositoryPaths.ModelsFolder, model));
        var normalized = new float[26];
        var worst = 0.0;
        foreach (var c in vectors.Cases)
        {
            PoseNormalizer2D.Normalize(c.FlatKeypoints, c.Visibility, normalized);
            var expected = c.Normalized.SelectMany(p => p).ToArray();
            for (var i = 0; i < 26; i++)
            {
                worst = Math.Max(worst, Math.Abs(normalized[i] - expected[i]));
            }
        }

        output.WriteLine($"{model}: largest normalized coordinate difference {worst:G3}");
        Assert.True(worst <= 1e-5, $"{model}: largest normalized coordinate difference {worst:G3} > 1e-5");
    }

    [Theory]
    [MemberData(nameof(ModelFolders))]
    public void Match_probabilities_of_the_shipped_embeddings_reproduce_the_test_vectors(string model)
    {
        var folder = Path.Combine(RepositoryPaths.ModelsFolder, model);
        var vectors = TestVectors.Load(folder);
        using var embedder = PoseEmbedder.Load(new EmbeddingOptions { Path = folder }, NullLogger.Instance);
        Assert.NotEmpty(vectors.MatchPairs);

        var worst = 0.0;
        foreach (var pair in vectors.MatchPairs)
        {
            var a = vectors.Cases[pair.A];
            var b = vectors.Cases[pair.B];
            var p = embedder.MatchModel.Probability(a.Mean, a.Stddev, b.Mean, b.Stddev);
            worst = Math.Max(worst, Math.Abs(p - pair.Probability));
        }

        output.WriteLine($"{model}: {vectors.MatchPairs.Count} pairs, largest match probability difference {worst:G3}");
        Assert.True(worst <= 1e-5, $"{model}: largest match probability difference {worst:G3} > 1e-5");
    }
}
