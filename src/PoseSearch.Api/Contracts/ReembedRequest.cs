namespace PoseSearch.Api.Contracts;

/// <summary>The model to re-embed a collection with: a loaded model's name or SHA-256 (default: the service's default model).</summary>
public sealed record ReembedRequest(string? Model = null);
