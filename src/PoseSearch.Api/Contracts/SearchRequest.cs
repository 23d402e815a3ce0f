namespace PoseSearch.Api.Contracts;

/// <summary>
/// One query pose; k hits (default 10); hits below minProbability are dropped. With mirror = true the
/// pose's left/right mirror image is searched too and both lists merged; a query whose ambiguity
/// exceeds maxAmbiguity is refused with 422.
/// </summary>
public sealed record SearchRequest(
    PoseDto? Pose,
    int? K = null,
    double? MinProbability = null,
    SearchFilterDto? Filter = null,
    bool? Mirror = null,
    double? MaxAmbiguity = null);
