using Microsoft.Extensions.Logging;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Scoring;

namespace PoseSearch.Embedding;

/// <summary>
/// The one shared ONNX Runtime session of a single-frame model. Thread-safe: InferenceSession.Run may be
/// called concurrently. Input is already in the model's 13-joint order (pixels + visibility);
/// converting layouts and rejecting poses without enough anchors happens before, in Core.
/// A temporal model (windows of frames) is loaded by <see cref="WindowEmbedder"/> instead.
/// </summary>
public sealed class PoseEmbedder : IEmbeddingModel
{
    private const int CoordinatesPerPose = ModelJoints.CoordinateCount;
    private const int JointsPerPose = ModelJoints.Count;

    private readonly EmbeddingSession _session;
    private readonly int _maxBatch;

    internal PoseEmbedder(EmbeddingSession session, int maxBatch)
    {
        _session = session;
        _maxBatch = maxBatch;
    }

    public ModelCard Card => _session.Card;

    /// <summary>The match probability with this model's a, b, s and eps: scores embeddings it produced.</summary>
    public MatchProbabilityModel MatchModel => _session.MatchModel;

    /// <summary>The execution provider actually in use (CPU after a CUDA fallback).</summary>
    public ExecutionProviderKind ExecutionProvider => _session.ExecutionProvider;

    public int Dimension => Card.EmbeddingDim;

    /// <summary>
    /// The smallest stddev the embedder hands out (docs/model-contract.md): a model's stddev that
    /// rounds to 0 in float32 is raised to it. Far below any stddev of a real pose (0.01-0.3).
    /// </summary>
    public const float MinStddev = 1e-6f;

    /// <summary>Finds the model, opens the session and checks the model against the contract.</summary>
    /// <exception cref="FileNotFoundException">No model at the configured or default place.</exception>
    /// <exception cref="ModelContractException">The model breaks the contract, or is a temporal model.</exception>
    public static PoseEmbedder Load(EmbeddingOptions options, ILogger logger, IEnumerable<string>? searchStarts = null)
    {
        var session = EmbeddingSession.Open(options, logger, searchStarts);
        if (session.Card.Window is { } window)
        {
            session.Dispose();
            throw new ModelContractException(session.Card.ModelPath,
                [$"'{session.Card.Name}' is a temporal model (windows of {window.Length} frames): it embeds windows, not single poses " +
                 "(serve it as an additional model, PoseSearch:Model:AdditionalPaths, or pass it as the temporal model)"]);
        }

        return new PoseEmbedder(session, options.MaxInferenceBatchSize);
    }

    /// <summary>Embeds poses already converted to the model's joints (see Core's LayoutConverter).</summary>
    public EmbeddingBatch Embed(IReadOnlyList<ModelPose> poses)
    {
        ArgumentNullException.ThrowIfNull(poses);
        var keypoints = new float[poses.Count * CoordinatesPerPose];
        var visibility = new float[poses.Count * JointsPerPose];
        for (var i = 0; i < poses.Count; i++)
        {
            poses[i].Coordinates.CopyTo(keypoints.AsSpan(i * CoordinatesPerPose, CoordinatesPerPose));
            poses[i].Visibility.CopyTo(visibility.AsSpan(i * JointsPerPose, JointsPerPose));
        }

        return Embed(keypoints, visibility);
    }

    /// <summary>
    /// Embeds N poses. <paramref name="keypoints"/> holds N x 13 x 2 pixel coordinates,
    /// <paramref name="visibility"/> N x 13 values (1 seen, 0 missing). Requests larger than
    /// the configured inference batch run in several chunks.
    /// </summary>
    public EmbeddingBatch Embed(ReadOnlySpan<float> keypoints, ReadOnlySpan<float> visibility)
    {
        if (keypoints.Length % CoordinatesPerPose != 0)
        {
            throw new ArgumentException($"keypoints must hold N x {JointsPerPose} x 2 values, got {keypoints.Length}", nameof(keypoints));
        }

        var count = keypoints.Length / CoordinatesPerPose;
        if (visibility.Length != count * JointsPerPose)
        {
            throw new ArgumentException(
                $"visibility must hold {count} x {JointsPerPose} values for {count} poses, got {visibility.Length}", nameof(visibility));
        }

        return _session.RunInChunks(keypoints, visibility, count, [JointsPerPose], _maxBatch);
    }

    public void Dispose() => _session.Dispose();
}
