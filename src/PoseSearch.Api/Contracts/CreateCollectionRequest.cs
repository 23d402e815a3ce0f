namespace PoseSearch.Api.Contracts;

/// <summary>
/// A collection name: 1-63 characters, letters, digits, '_', '-', '.', starting with a letter or digit;
/// model: the name or SHA-256 of a loaded model to embed it with (default: the service's default model).
/// </summary>
public sealed record CreateCollectionRequest(string? Name, string? Description = null, string? Model = null);
