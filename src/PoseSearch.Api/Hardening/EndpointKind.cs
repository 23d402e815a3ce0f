namespace PoseSearch.Api.Hardening;

/// <summary>What an endpoint costs: picks its body limit, rate limit and request timeout.</summary>
public enum EndpointKind
{
    /// <summary>Small or no body: collections, single poses, the model card.</summary>
    Small,
    Search,
    Match,
    Embeddings,
    Ingest,

    /// <summary>POST /v1/align: two sequences, O(frames x frames) work.</summary>
    Align,

    /// <summary>POST /v1/collections/{name}/search/sequence: a query clip, several searches and alignments.</summary>
    SequenceSearch,
}

/// <summary>Endpoint metadata naming the endpoint's <see cref="EndpointKind"/>.</summary>
public sealed record EndpointKindMetadata(EndpointKind Kind);
