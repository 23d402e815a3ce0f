namespace PoseSearch.Api.Contracts;

/// <summary>The Gaussian embedding of one pose: mean and standard deviation, D values each.</summary>
public sealed record EmbeddingDto(float[] Mean, float[] Stddev);
