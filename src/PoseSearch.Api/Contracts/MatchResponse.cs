namespace PoseSearch.Api.Contracts;

/// <summary>The learned probability that the two poses show the same 3D pose, and -log of it.</summary>
public sealed record MatchResponse(string Model, float Probability, float Distance);
