namespace PoseSearch.Core.Metrics;

/// <summary>Hit@k at one match threshold kappa.</summary>
public sealed record KappaHitRates(float Kappa, HitAtKResult HitRates);
