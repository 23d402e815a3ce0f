namespace PoseSearch.Api.Contracts;

/// <summary>A collection name: 1-63 characters, letters, digits, '_', '-', '.', starting with a letter or digit.</summary>
public sealed record CreateCollectionRequest(string? Name, string? Description = null);
