using Microsoft.Extensions.Logging;

namespace PoseSearch.Embedding;

/// <summary>Opens a model of either kind, for callers that take whatever a folder holds (the service's additional models).</summary>
public static class EmbeddingModelLoader
{
    /// <summary>A single-frame model as a <see cref="PoseEmbedder"/>, a temporal one as a <see cref="WindowEmbedder"/>.</summary>
    /// <exception cref="FileNotFoundException">No model at the configured or default place.</exception>
    /// <exception cref="ModelContractException">The model breaks the contract.</exception>
    public static IEmbeddingModel LoadAnyKind(EmbeddingOptions options, ILogger logger, IEnumerable<string>? searchStarts = null)
    {
        var session = EmbeddingSession.Open(options, logger, searchStarts);
        return session.Card.Window is null
            ? new PoseEmbedder(session, options.MaxInferenceBatchSize)
            : new WindowEmbedder(session, options.MaxInferenceBatchSize);
    }
}
