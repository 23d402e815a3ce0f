using PoseSearch.Core.Scoring;

namespace PoseSearch.Embedding;

/// <summary>What both kinds of model share: the card, the scorer of their embeddings and where they run.</summary>
public interface IEmbeddingModel : IDisposable
{
    ModelCard Card { get; }

    /// <summary>The match probability with this model's a, b, s and eps: scores embeddings it produced.</summary>
    MatchProbabilityModel MatchModel { get; }

    /// <summary>The execution provider actually in use (CPU after a CUDA fallback).</summary>
    ExecutionProviderKind ExecutionProvider { get; }
}
