using Microsoft.Extensions.Logging;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Scoring;
using PoseSearch.Core.Sequences;

namespace PoseSearch.Embedding;

/// <summary>
/// The session of a temporal model (docs/model-contract.md, "Temporal model"): embeds windows of T
/// consecutive frames of one person, inputs [N, T, 13, 2] and [N, T, 13], into the same Gaussian
/// embeddings as <see cref="PoseEmbedder"/> (mean and stddev, [N, D]) scored by the model's own
/// match probability. Thread-safe like <see cref="PoseEmbedder"/>; T is read from the model.
/// </summary>
public sealed class WindowEmbedder : IEmbeddingModel
{
    private readonly EmbeddingSession _session;
    private readonly int _maxBatch;

    internal WindowEmbedder(EmbeddingSession session, int maxBatch)
    {
        _session = session;
        _maxBatch = maxBatch;
        Window = session.Card.Window ?? throw new ArgumentException("not a temporal model", nameof(session));
    }

    public ModelCard Card => _session.Card;

    /// <summary>T, the stride and the frame rate of the model's windows.</summary>
    public TemporalWindow Window { get; }

    public MatchProbabilityModel MatchModel => _session.MatchModel;

    public ExecutionProviderKind ExecutionProvider => _session.ExecutionProvider;

    public int Dimension => Card.EmbeddingDim;

    private int CoordinatesPerWindow => Window.Length * ModelJoints.CoordinateCount;

    private int VisibilityPerWindow => Window.Length * ModelJoints.Count;

    /// <summary>Finds the model, opens the session and checks it against the temporal contract.</summary>
    /// <exception cref="FileNotFoundException">No model at the configured or default place.</exception>
    /// <exception cref="ModelContractException">The model breaks the contract, or is a single-frame model.</exception>
    public static WindowEmbedder Load(EmbeddingOptions options, ILogger logger, IEnumerable<string>? searchStarts = null)
    {
        var session = EmbeddingSession.Open(options, logger, searchStarts);
        if (session.Card.Window is null)
        {
            session.Dispose();
            throw new ModelContractException(session.Card.ModelPath,
                [$"'{session.Card.Name}' is a single-frame model (no metadata '{ModelMetadataKeys.Window}'): a temporal model is needed here"]);
        }

        return new WindowEmbedder(session, options.MaxInferenceBatchSize);
    }

    /// <summary>Embeds windows of exactly T frames each (see Core's <see cref="CentredWindows"/>).</summary>
    /// <exception cref="ArgumentException">A window of another length.</exception>
    public EmbeddingBatch Embed(IReadOnlyList<PoseWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var keypoints = new float[windows.Count * CoordinatesPerWindow];
        var visibility = new float[windows.Count * VisibilityPerWindow];
        for (var n = 0; n < windows.Count; n++)
        {
            if (windows[n].Length != Window.Length)
            {
                throw new ArgumentException($"window {n} has {windows[n].Length} frames, the model '{Card.Name}' takes {Window.Length}", nameof(windows));
            }

            for (var t = 0; t < Window.Length; t++)
            {
                var frame = windows[n].Frames[t];
                frame.Coordinates.CopyTo(keypoints.AsSpan(n * CoordinatesPerWindow + t * ModelJoints.CoordinateCount, ModelJoints.CoordinateCount));
                frame.Visibility.CopyTo(visibility.AsSpan(n * VisibilityPerWindow + t * ModelJoints.Count, ModelJoints.Count));
            }
        }

        return Embed(keypoints, visibility);
    }

    /// <summary>
    /// Embeds N windows: <paramref name="keypoints"/> N x T x 13 x 2 pixels, <paramref name="visibility"/>
    /// N x T x 13 (1 seen, 0 missing). Larger requests than the inference batch run in chunks.
    /// </summary>
    public EmbeddingBatch Embed(ReadOnlySpan<float> keypoints, ReadOnlySpan<float> visibility)
    {
        if (keypoints.Length % CoordinatesPerWindow != 0)
        {
            throw new ArgumentException($"keypoints must hold N x {Window.Length} x {ModelJoints.Count} x 2 values, got {keypoints.Length}", nameof(keypoints));
        }

        var count = keypoints.Length / CoordinatesPerWindow;
        if (visibility.Length != count * VisibilityPerWindow)
        {
            throw new ArgumentException(
                $"visibility must hold {count} x {Window.Length} x {ModelJoints.Count} values for {count} windows, got {visibility.Length}", nameof(visibility));
        }

        return _session.RunInChunks(keypoints, visibility, count, [Window.Length, ModelJoints.Count], _maxBatch);
    }

    public void Dispose() => _session.Dispose();
}
