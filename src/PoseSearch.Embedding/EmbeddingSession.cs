using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using PoseSearch.Core.Scoring;

namespace PoseSearch.Embedding;

/// <summary>
/// One opened, contract-checked model: the ONNX Runtime session, the card and the scorer, and the
/// run of one chunk with the output checks. Shared by <see cref="PoseEmbedder"/> (single poses) and
/// <see cref="WindowEmbedder"/> (windows of frames), which differ only in the inputs' shape.
/// </summary>
internal sealed class EmbeddingSession : IDisposable
{
    private static readonly string[] InputNames = [ModelContractValidator.KeypointsInput, ModelContractValidator.VisibilityInput];
    private static readonly string[] OutputNames = [ModelContractValidator.MeanOutput, ModelContractValidator.StddevOutput];

    private readonly InferenceSession _session;

    private EmbeddingSession(InferenceSession session, ModelCard card, ExecutionProviderKind executionProvider)
    {
        _session = session;
        Card = card;
        MatchModel = new MatchProbabilityModel(card.SigmoidA, card.SigmoidB, card.Smoothing, card.Eps, card.EmbeddingDim);
        ExecutionProvider = executionProvider;
    }

    public ModelCard Card { get; }

    public MatchProbabilityModel MatchModel { get; }

    public ExecutionProviderKind ExecutionProvider { get; }

    /// <summary>Finds the model, opens the session and checks it against the contract (either kind).</summary>
    public static EmbeddingSession Open(EmbeddingOptions options, ILogger logger, IEnumerable<string>? searchStarts)
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
                "Loaded model {ModelName} ({Kind}{Window}, {Variant}, D={EmbeddingDim}, K={NumSamples}, sha256 {Sha256}) from {ModelPath} on {ExecutionProvider}",
                card.Name, card.Kind, card.Window is { } w ? $" T={w.Length}" : "", card.Variant, card.EmbeddingDim, card.NumSamples, sha256[..12], path, provider);
            return new EmbeddingSession(session, card, provider);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Embeds <paramref name="count"/> items, each of <paramref name="itemShape"/> joints (a pose: [13]; a
    /// window: [T, 13]) with 2 coordinates and 1 visibility value per joint, in runs of at most
    /// <paramref name="maxBatch"/> items. The callers check the lengths and say what an item is.
    /// </summary>
    public EmbeddingBatch RunInChunks(ReadOnlySpan<float> keypoints, ReadOnlySpan<float> visibility, int count, int[] itemShape, int maxBatch)
    {
        CheckValues(keypoints, visibility);
        var joints = itemShape.Aggregate(1, (a, b) => a * b);
        long[] Shape(int n, bool coordinates) =>
            [n, .. itemShape.Select(v => (long)v), .. (coordinates ? new long[] { 2 } : [])];
        var d = Card.EmbeddingDim;
        var means = new float[count * d];
        var stddevs = new float[count * d];
        for (var start = 0; start < count; start += maxBatch)
        {
            var n = Math.Min(maxBatch, count - start);
            Run(
                keypoints.Slice(start * joints * 2, n * joints * 2), Shape(n, coordinates: true),
                visibility.Slice(start * joints, n * joints), Shape(n, coordinates: false),
                means.AsSpan(start * d, n * d),
                stddevs.AsSpan(start * d, n * d));
        }

        return new EmbeddingBatch(count, d, means, stddevs);
    }

    /// <summary>
    /// One model run of n rows: <paramref name="keypoints"/> and <paramref name="visibility"/> shaped
    /// as the model's inputs, n x D means and stddevs out (stddevs floored at <see cref="PoseEmbedder.MinStddev"/>).
    /// </summary>
    public void Run(ReadOnlySpan<float> keypoints, long[] keypointsShape, ReadOnlySpan<float> visibility, long[] visibilityShape,
        Span<float> means, Span<float> stddevs)
    {
        using var keypointsValue = OrtValue.CreateTensorValueFromMemory(keypoints.ToArray(), keypointsShape);
        using var visibilityValue = OrtValue.CreateTensorValueFromMemory(visibility.ToArray(), visibilityShape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, InputNames, [keypointsValue, visibilityValue], OutputNames);

        var mean = outputs[0].GetTensorDataAsSpan<float>();
        var stddev = outputs[1].GetTensorDataAsSpan<float>();
        var n = keypointsShape[0];
        if (mean.Length != means.Length || stddev.Length != stddevs.Length)
        {
            throw new InvalidOperationException(
                $"model '{Card.Name}' returned {mean.Length} mean and {stddev.Length} stddev values for {n} rows, expected {means.Length}");
        }

        for (var i = 0; i < mean.Length; i++)
        {
            if (!float.IsFinite(mean[i]) || !float.IsFinite(stddev[i]) || stddev[i] < 0)
            {
                throw new InvalidOperationException(
                    $"model '{Card.Name}' returned a non-finite mean or a negative stddev (row {i / Card.EmbeddingDim} of the chunk)");
            }
        }

        mean.CopyTo(means);
        stddev.CopyTo(stddevs);
        // ELU(s) + 1 in float32 is exactly 0 once s < -16.6, which a pose unlike the training data can
        // reach (the plain model with the hips hidden, say): the floor keeps such a pose usable.
        foreach (ref var s in stddevs)
        {
            s = Math.Max(s, PoseEmbedder.MinStddev);
        }
    }

    /// <summary>Checks the raw input values every row needs: finite coordinates, visibility 0 or 1.</summary>
    public static void CheckValues(ReadOnlySpan<float> keypoints, ReadOnlySpan<float> visibility)
    {
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
    }

    public void Dispose() => _session.Dispose();

    private static Dictionary<string, TensorSignature> Signatures(IReadOnlyDictionary<string, NodeMetadata> nodes) =>
        nodes.ToDictionary(
            n => n.Key,
            n => new TensorSignature(n.Value.IsTensor ? n.Value.ElementType : typeof(void), n.Value.Dimensions));
}
