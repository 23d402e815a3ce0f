using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Scoring;

namespace PoseSearch.Embedding;

/// <summary>
/// The one shared ONNX Runtime session of a process. Thread-safe: InferenceSession.Run may be
/// called concurrently. Input is already in the model's 13-joint order (pixels + visibility);
/// converting layouts and rejecting poses without enough anchors happens before, in Core.
/// </summary>
public sealed class PoseEmbedder : IDisposable
{
    private const int CoordinatesPerPose = ModelJoints.CoordinateCount;
    private const int JointsPerPose = ModelJoints.Count;

    private readonly InferenceSession _session;
    private readonly int _maxBatch;
    private readonly string[] _inputNames = [ModelContractValidator.KeypointsInput, ModelContractValidator.VisibilityInput];
    private readonly string[] _outputNames = [ModelContractValidator.MeanOutput, ModelContractValidator.StddevOutput];

    private PoseEmbedder(InferenceSession session, ModelCard card, ExecutionProviderKind executionProvider, int maxBatch)
    {
        _session = session;
        Card = card;
        MatchModel = new MatchProbabilityModel(card.SigmoidA, card.SigmoidB, card.Smoothing, card.Eps, card.EmbeddingDim);
        ExecutionProvider = executionProvider;
        _maxBatch = maxBatch;
    }

    public ModelCard Card { get; }

    /// <summary>The match probability with this model's a, b, s and eps: scores embeddings it produced.</summary>
    public MatchProbabilityModel MatchModel { get; }

    /// <summary>The execution provider actually in use (CPU after a CUDA fallback).</summary>
    public ExecutionProviderKind ExecutionProvider { get; }

    public int Dimension => Card.EmbeddingDim;

    /// <summary>
    /// The smallest stddev the embedder hands out (docs/model-contract.md): a model's stddev that
    /// rounds to 0 in float32 is raised to it. Far below any stddev of a real pose (0.01-0.3).
    /// </summary>
    public const float MinStddev = 1e-6f;

    /// <summary>Finds the model, opens the session and checks the model against the contract.</summary>
    /// <exception cref="FileNotFoundException">No model at the configured or default place.</exception>
    /// <exception cref="ModelContractException">The model breaks the contract.</exception>
    public static PoseEmbedder Load(EmbeddingOptions options, ILogger logger, IEnumerable<string>? searchStarts = null)
    {
        var path = ModelLocator.Resolve(options.Path, searchStarts ?? ModelLocator.DefaultSearchStarts());
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

        using var sessionOptions = SessionOptionsFactory.Create(options, logger, out var provider);
        var session = new InferenceSession(path, sessionOptions);
        try
        {
            var card = ModelContractValidator.Validate(
                Signatures(session.InputMetadata),
                Signatures(session.OutputMetadata),
                session.ModelMetadata.CustomMetadataMap,
                sha256,
                path);
            logger.LogInformation(
                "Loaded model {ModelName} ({Variant}, D={EmbeddingDim}, K={NumSamples}, sha256 {Sha256}) from {ModelPath} on {ExecutionProvider}",
                card.Name, card.Variant, card.EmbeddingDim, card.NumSamples, sha256[..12], path, provider);
            return new PoseEmbedder(session, card, provider, options.MaxInferenceBatchSize);
        }
        catch
        {
            session.Dispose();
            throw;
        }
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

        for (var i = 0; i < keypoints.Length; i++)
        {
            if (!float.IsFinite(keypoints[i]))
            {
                throw new ArgumentException($"keypoint value {i} is not finite", nameof(keypoints));
            }
        }

        for (var i = 0; i < visibility.Length; i++)
        {
            if (visibility[i] is not (0f or 1f))
            {
                throw new ArgumentException($"visibility value {i} is {visibility[i]}, expected 0 or 1", nameof(visibility));
            }
        }

        var d = Dimension;
        var means = new float[count * d];
        var stddevs = new float[count * d];
        for (var start = 0; start < count; start += _maxBatch)
        {
            var n = Math.Min(_maxBatch, count - start);
            RunChunk(
                keypoints.Slice(start * CoordinatesPerPose, n * CoordinatesPerPose),
                visibility.Slice(start * JointsPerPose, n * JointsPerPose),
                n,
                means.AsSpan(start * d, n * d),
                stddevs.AsSpan(start * d, n * d));
        }

        return new EmbeddingBatch(count, d, means, stddevs);
    }

    private void RunChunk(ReadOnlySpan<float> keypoints, ReadOnlySpan<float> visibility, int n, Span<float> means, Span<float> stddevs)
    {
        using var keypointsValue = OrtValue.CreateTensorValueFromMemory(keypoints.ToArray(), [n, JointsPerPose, 2]);
        using var visibilityValue = OrtValue.CreateTensorValueFromMemory(visibility.ToArray(), [n, JointsPerPose]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, _inputNames, [keypointsValue, visibilityValue], _outputNames);

        var mean = outputs[0].GetTensorDataAsSpan<float>();
        var stddev = outputs[1].GetTensorDataAsSpan<float>();
        if (mean.Length != means.Length || stddev.Length != stddevs.Length)
        {
            throw new InvalidOperationException(
                $"model '{Card.Name}' returned {mean.Length} mean and {stddev.Length} stddev values for {n} poses, expected {means.Length}");
        }

        for (var i = 0; i < mean.Length; i++)
        {
            if (!float.IsFinite(mean[i]) || !float.IsFinite(stddev[i]) || stddev[i] < 0)
            {
                throw new InvalidOperationException(
                    $"model '{Card.Name}' returned a non-finite mean or a negative stddev (pose {i / Dimension} of the chunk)");
            }
        }

        mean.CopyTo(means);
        stddev.CopyTo(stddevs);
        // ELU(s) + 1 in float32 is exactly 0 once s < -16.6, which a pose unlike the training data can
        // reach (the plain model with the hips hidden, say): the floor keeps such a pose usable.
        foreach (ref var s in stddevs)
        {
            s = Math.Max(s, MinStddev);
        }
    }

    public void Dispose() => _session.Dispose();

    private static Dictionary<string, TensorSignature> Signatures(IReadOnlyDictionary<string, NodeMetadata> nodes) =>
        nodes.ToDictionary(
            n => n.Key,
            n => new TensorSignature(n.Value.IsTensor ? n.Value.ElementType : typeof(void), n.Value.Dimensions));
}
