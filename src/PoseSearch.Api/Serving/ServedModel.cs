using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Scoring;
using PoseSearch.Embedding;
using PoseSearch.Storage;

namespace PoseSearch.Api.Serving;

/// <summary>
/// One loaded model as the endpoints use it: who it is (the identity a collection is pinned to),
/// its card, its embedder (every run goes through the micro-batching queue, never on a request
/// thread) and the scorer of the embeddings it produces.
/// </summary>
public sealed class ServedModel : IDisposable
{
    private readonly MicroBatchingEmbedder _batcher;

    public ServedModel(MicroBatchingEmbedder batcher, ModelLoadCost? loadCost = null)
    {
        ArgumentNullException.ThrowIfNull(batcher);
        _batcher = batcher;
        LoadCost = loadCost;
        var card = batcher.Embedder.Card;
        Identity = new ModelIdentity(card.Name, card.Sha256, card.EmbeddingDim);
    }

    public ModelIdentity Identity { get; }

    /// <summary>What loading it cost at start-up (time, resident memory), when measured.</summary>
    public ModelLoadCost? LoadCost { get; }

    public ModelCard Card => _batcher.Embedder.Card;

    /// <summary>The execution provider actually in use (CPU after a CUDA fallback).</summary>
    public ExecutionProviderKind ExecutionProvider => _batcher.Embedder.ExecutionProvider;

    /// <summary>The match probability with this model's constants: scores the embeddings this model produced.</summary>
    public MatchProbabilityModel Scorer => _batcher.Embedder.MatchModel;

    public int Dimension => Card.EmbeddingDim;

    /// <inheritdoc cref="MicroBatchingEmbedder.EmbedAsync(ModelPose, CancellationToken)"/>
    public Task<(float[] Mean, float[] Stddev)> EmbedAsync(ModelPose pose, CancellationToken cancellationToken) =>
        _batcher.EmbedAsync(pose, cancellationToken);

    /// <inheritdoc cref="MicroBatchingEmbedder.EmbedAsync(IReadOnlyList{ModelPose}, CancellationToken)"/>
    public Task<EmbeddingBatch> EmbedAsync(IReadOnlyList<ModelPose> poses, CancellationToken cancellationToken) =>
        _batcher.EmbedAsync(poses, cancellationToken);

    /// <summary>The Gaussian embeddings of N stored poses given as arrays (N x 26 pixels, N x 13 visibility), through the queue.</summary>
    public async Task<(float[] Means, float[] Stddevs)> EmbedAsync(float[] keypoints, float[] visibility, int count, CancellationToken cancellationToken)
    {
        var poses = new List<ModelPose>(count);
        for (var i = 0; i < count; i++)
        {
            poses.Add(new ModelPose(keypoints.AsSpan(i * ModelJoints.CoordinateCount, ModelJoints.CoordinateCount), visibility.AsSpan(i * ModelJoints.Count, ModelJoints.Count)));
        }

        var batch = await _batcher.EmbedAsync(poses, cancellationToken);
        return (batch.Means, batch.Stddevs);
    }

    /// <summary>Stops the queue's worker (after the queued runs), then closes the ONNX session.</summary>
    public void Dispose()
    {
        _batcher.Dispose();
        _batcher.Embedder.Dispose();
    }
}

/// <summary>Start-up cost of one model: load time and the growth of the process's resident memory while it loaded.</summary>
public sealed record ModelLoadCost(double Seconds, long ResidentBytes);
