using Microsoft.Extensions.Logging.Abstractions;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Sequences;
using PoseSearch.Embedding;
using PoseSearch.TestSupport;

namespace PoseSearch.Embedding.Tests;

/// <summary>Each embedder takes only its kind of model, and says which kind it was given; the loader of either kind tells them apart.</summary>
public sealed class ModelKindTests
{
    private static string Folder(string model) => Path.Combine(RepositoryPaths.ModelsFolder, model);

    [Fact]
    public void A_temporal_model_is_refused_as_a_single_frame_embedder_with_the_reason()
    {
        var error = Assert.Throws<ModelContractException>(() => PoseEmbedder.Load(new EmbeddingOptions { Path = Folder("prvipe-temporal-v1") }, NullLogger.Instance));
        Assert.Contains("'prvipe-temporal-v1' is a temporal model (windows of 7 frames)", error.Message);
    }

    [Fact]
    public void A_single_frame_model_is_refused_as_a_window_embedder_with_the_reason()
    {
        var error = Assert.Throws<ModelContractException>(() => WindowEmbedder.Load(new EmbeddingOptions { Path = Folder("random-tiny") }, NullLogger.Instance));
        Assert.Contains("is a single-frame model", error.Message);
    }

    [Fact]
    public void The_loader_of_either_kind_opens_each_as_its_embedder()
    {
        using var frame = EmbeddingModelLoader.LoadAnyKind(new EmbeddingOptions { Path = Folder("random-tiny") }, NullLogger.Instance);
        using var temporal = EmbeddingModelLoader.LoadAnyKind(new EmbeddingOptions { Path = Folder("prvipe-temporal-v1") }, NullLogger.Instance);

        Assert.IsType<PoseEmbedder>(frame);
        Assert.Equal(ModelCard.SingleFrameKind, frame.Card.Kind);
        Assert.Null(frame.Card.Window);
        var windows = Assert.IsType<WindowEmbedder>(temporal);
        Assert.Equal(new TemporalWindow(7, 1, 30.0), windows.Window);
    }

    [Fact]
    public void A_window_of_another_length_is_refused()
    {
        using var embedder = WindowEmbedder.Load(new EmbeddingOptions { Path = Folder("prvipe-temporal-v1") }, NullLogger.Instance);
        var pose = Standing();
        var error = Assert.Throws<ArgumentException>(() => embedder.Embed([new PoseWindow([pose, pose, pose])]));
        Assert.Contains("window 0 has 3 frames, the model 'prvipe-temporal-v1' takes 7", error.Message);
    }

    [Fact]
    public async Task The_window_queue_returns_each_request_its_own_rows()
    {
        using var embedder = WindowEmbedder.Load(new EmbeddingOptions { Path = Folder("prvipe-temporal-v1") }, NullLogger.Instance);
        using var batcher = new WindowBatchingEmbedder(embedder, maxBatch: 4);
        var still = Enumerable.Repeat(Standing(), 7).ToList();
        var raised = Enumerable.Range(0, 7).Select(t => Standing(armsUp: t >= 3)).ToList();
        var windows = new[] { new PoseWindow(still), new PoseWindow(raised) };

        var together = await Task.WhenAll(batcher.EmbedAsync([windows[0]]), batcher.EmbedAsync([windows[1]]), batcher.EmbedAsync(windows));
        var direct = embedder.Embed(windows);

        Assert.Equal(direct.Mean(0).ToArray(), together[0].Mean(0).ToArray());
        Assert.Equal(direct.Mean(1).ToArray(), together[1].Mean(0).ToArray());
        Assert.Equal(direct.Means, together[2].Means);
        Assert.NotEqual(direct.Mean(0).ToArray(), direct.Mean(1).ToArray());
    }

    /// <summary>A person standing (or with the wrists above the head), every joint visible.</summary>
    private static ModelPose Standing(bool armsUp = false)
    {
        float[] xy =
        [
            100, 40, // nose
            85, 70, 115, 70, // shoulders
            80, 100, 120, 100, // elbows
            78, armsUp ? 20 : 130, 122, armsUp ? 20 : 130, // wrists
            90, 140, 110, 140, // hips
            90, 190, 110, 190, // knees
            90, 240, 110, 240, // ankles
        ];
        return new ModelPose(xy, Enumerable.Repeat(1f, ModelJoints.Count).ToArray());
    }
}
