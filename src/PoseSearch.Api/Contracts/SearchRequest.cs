namespace PoseSearch.Api.Contracts;

/// <summary>One query pose; k hits (default 10); hits below minProbability are dropped.</summary>
public sealed record SearchRequest(PoseDto? Pose, int? K = null, double? MinProbability = null, SearchFilterDto? Filter = null);
