using Microsoft.Extensions.Logging.Abstractions;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Normalization;
using PoseSearch.Core.Sequences;
using PoseSearch.Embedding;
using PoseSearch.TestSupport;
using Xunit.Abstractions;

namespace PoseSearch.Embedding.Tests;

/// <summary>
/// The C# path of a temporal model (ONNX Runtime through <see cref="WindowEmbedder"/>, Core's
/// normalization per frame, the match probability) reproduces window-test-vectors.json of every
/// temporal model folder in onnx-models/, with the tolerances of the single-frame <see cref="ParityTests"/>.
/// </summary>
public sealed class WindowParityTests(ITestOutputHelper output)
{
    public static TheoryData<string> TemporalModelFolders()
    {
        var folders = RepositoryPaths.ModelFoldersWithWindowTestVectors();
        if (folders.Count == 0)
        {
            throw new InvalidOperationException($"no model with {WindowTestVectors.FileName} under {RepositoryPaths.ModelsFolder}");
        }

        var data = new TheoryData<string>();
        foreach (var folder in folders)
        {
            data.Add(Path.GetFileName(folder));
        }

        return data;
    }

    private static string Folder(string model) => Path.Combine(RepositoryPaths.ModelsFolder, model);

    [Theory]
    [MemberData(nameof(TemporalModelFolders))]
    public void The_contract_check_reads_the_window_from_the_model(string model)
    {
        var vectors = WindowTestVectors.Load(Folder(model));
        using var embedder = WindowEmbedder.Load(new EmbeddingOptions { Path = Folder(model) }, NullLogger.Instance);

        Assert.Equal(ModelCard.TemporalKind, embedder.Card.Kind);
        Assert.Equal(vectors.Window, embedder.Window.Length);
        Assert.Equal(vectors.WindowStride, embedder.Window.Stride);
        Assert.True(embedder.Window.FrameRate > 0);
        Assert.Equal(vectors.EmbeddingDim, embedder.Dimension);
        Assert.Equal(vectors.NumSamples, embedder.Card.NumSamples);
    }

    [Theory]
    [MemberData(nameof(TemporalModelFolders))]
    public void Onnx_runtime_reproduces_mean_and_stddev_of_windows(string model)
    {
        var vectors = WindowTestVectors.Load(Folder(model));
        using var embedder = WindowEmbedder.Load(new EmbeddingOptions { Path = Folder(model), MaxInferenceBatchSize = 64 }, NullLogger.Instance);
        Assert.True(vectors.Cases.Count >= 10, "too few test cases to mean anything");
        Assert.Contains(vectors.Cases, c => !c.AllVisible);
        Assert.All(vectors.Cases, c => Assert.Equal(vectors.Window, c.Keypoints.Length));

        // The raw inputs, garbage coordinates of hidden joints included (the graph must ignore them), in chunks of 64.
        var batch = embedder.Embed(
            vectors.Cases.SelectMany(c => c.FlatKeypoints).ToArray(),
            vectors.Cases.SelectMany(c => c.FlatVisibility).ToArray());

        var worst = WorstDifference(vectors, batch, embedder.Dimension);
        output.WriteLine($"{model}: {vectors.Cases.Count} windows, largest mean/stddev difference {worst:G3}");
        Assert.True(worst <= 1e-4, $"{model}: largest mean/stddev difference {worst:G3} > 1e-4");
    }

    [Theory]
    [MemberData(nameof(TemporalModelFolders))]
    public void Windows_of_model_poses_embed_as_the_raw_arrays_do(string model)
    {
        // The path the service takes: each frame a ModelPose (hidden joints zeroed), T of them a PoseWindow.
        var vectors = WindowTestVectors.Load(Folder(model));
        using var embedder = WindowEmbedder.Load(new EmbeddingOptions { Path = Folder(model), MaxInferenceBatchSize = 16 }, NullLogger.Instance);
        // Only windows whose every frame Core accepts: the service builds no others (Core also refuses a frame
        // whose visible anchors are tiny against the pose, a check the Python export does not make).
        var accepted = vectors.Cases.Where(c => c.Keypoints.Select((frame, t) => Accepted(frame, c.Visibility[t])).All(ok => ok)).ToList();
        Assert.True(accepted.Count >= vectors.Cases.Count * 9 / 10, $"{model}: only {accepted.Count} of {vectors.Cases.Count} windows accepted");
        var windows = accepted
            .Select(c => new PoseWindow(c.Keypoints.Select((frame, t) => new ModelPose(frame.SelectMany(p => p).ToArray(), c.Visibility[t])).ToList()))
            .ToList();

        var batch = embedder.Embed(windows);
        var worst = 0.0;
        for (var i = 0; i < accepted.Count; i++)
        {
            for (var d = 0; d < embedder.Dimension; d++)
            {
                worst = Math.Max(worst, Math.Abs(batch.Mean(i)[d] - accepted[i].Mean[d]));
                worst = Math.Max(worst, Math.Abs(batch.Stddev(i)[d] - accepted[i].Stddev[d]));
            }
        }

        output.WriteLine($"{model}: {accepted.Count} of {vectors.Cases.Count} windows accepted by Core, largest mean/stddev difference {worst:G3}");
        Assert.True(worst <= 1e-4, $"{model}: largest mean/stddev difference {worst:G3} > 1e-4");
    }

    [Theory]
    [MemberData(nameof(TemporalModelFolders))]
    public void Core_normalization_reproduces_every_frame_of_the_windows(string model)
    {
        var vectors = WindowTestVectors.Load(Folder(model));
        var normalized = new float[ModelJoints.CoordinateCount];
        var worst = 0.0;
        var (frames, refused) = (0, 0);
        foreach (var c in vectors.Cases)
        {
            for (var t = 0; t < c.Keypoints.Length; t++)
            {
                frames++;
                if (!PoseNormalizer2D.TryNormalize(c.Keypoints[t].SelectMany(p => p).ToArray(), c.Visibility[t], normalized))
                {
                    refused++; // anchors tiny against the pose: Core's extra check (see above)
                    continue;
                }

                var expected = c.Normalized[t].SelectMany(p => p).ToArray();
                for (var i = 0; i < normalized.Length; i++)
                {
                    worst = Math.Max(worst, Math.Abs(normalized[i] - expected[i]));
                }
            }
        }

        output.WriteLine($"{model}: {frames - refused} of {frames} frames normalized, largest coordinate difference {worst:G3}");
        Assert.True(refused <= frames / 50, $"{model}: Core refused {refused} of {frames} frames");
        Assert.True(worst <= 1e-5, $"{model}: largest normalized coordinate difference {worst:G3} > 1e-5");
    }

    [Theory]
    [MemberData(nameof(TemporalModelFolders))]
    public void Match_probabilities_of_windows_reproduce_the_test_vectors(string model)
    {
        var vectors = WindowTestVectors.Load(Folder(model));
        using var embedder = WindowEmbedder.Load(new EmbeddingOptions { Path = Folder(model) }, NullLogger.Instance);
        Assert.NotEmpty(vectors.MatchPairs);

        var worst = 0.0;
        foreach (var pair in vectors.MatchPairs)
        {
            var a = vectors.Cases[pair.A];
            var b = vectors.Cases[pair.B];
            worst = Math.Max(worst, Math.Abs(embedder.MatchModel.Probability(a.Mean, a.Stddev, b.Mean, b.Stddev) - pair.Probability));
        }

        output.WriteLine($"{model}: {vectors.MatchPairs.Count} pairs, largest match probability difference {worst:G3}");
        Assert.True(worst <= 1e-5, $"{model}: largest match probability difference {worst:G3} > 1e-5");
    }

    private static bool Accepted(float[][] frame, float[] visibility) =>
        PoseNormalizer2D.TryNormalize(frame.SelectMany(p => p).ToArray(), visibility, new float[ModelJoints.CoordinateCount]);

    private static double WorstDifference(WindowTestVectors vectors, EmbeddingBatch batch, int dimension)
    {
        Assert.Equal(vectors.Cases.Count, batch.Count);
        var worst = 0.0;
        for (var i = 0; i < vectors.Cases.Count; i++)
        {
            for (var d = 0; d < dimension; d++)
            {
                worst = Math.Max(worst, Math.Abs(batch.Mean(i)[d] - vectors.Cases[i].Mean[d]));
                worst = Math.Max(worst, Math.Abs(batch.Stddev(i)[d] - vectors.Cases[i].Stddev[d]));
            }
        }

        return worst;
    }
}
