namespace PoseSearch.Api.Contracts;

/// <summary>
/// The Gaussian embedding of one pose: mean and standard deviation, D values each, and the pose's
/// ambiguity derived from the stddev (docs/api.md, "Ambiguity"; given by /v1/embeddings, null for a stored pose).
/// </summary>
public sealed record EmbeddingDto(float[] Mean, float[] Stddev, float? Ambiguity = null);
