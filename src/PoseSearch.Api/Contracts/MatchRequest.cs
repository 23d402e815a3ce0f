namespace PoseSearch.Api.Contracts;

public sealed record MatchRequest(PoseDto? A, PoseDto? B);
