namespace PoseSearch.Core.Scoring;

/// <summary>
/// How ambiguous the model finds a 2D pose, from its embedding's stddev (docs/api.md, "Ambiguity"):
/// ambiguity = 1 - p(x, x) / p_max, where p(x, x) is the match probability of the pose's Gaussian
/// with itself and p_max = (1 - s) sigmoid(b) + s/2 the probability of two identical points.
/// A pose the model is sure of (stddev near 0) scores 0; the more the stddev spreads the samples,
/// the lower its best possible match probability and the nearer the score gets to 1. It is in the
/// match probability's own units: a query of ambiguity 0.3 cannot match anything above 0.7 p_max.
/// </summary>
public static class PoseAmbiguity
{
    public static float Compute(MatchProbabilityModel model, ReadOnlySpan<float> mean, ReadOnlySpan<float> stddev)
    {
        ArgumentNullException.ThrowIfNull(model);
        var self = model.Probability(mean, stddev, mean, stddev);
        var ceiling = MaximumProbability(model);
        return Math.Clamp(1f - self / ceiling, 0f, 1f);
    }

    /// <summary>The match probability of two identical points: (1 - s) sigmoid(b) + s/2.</summary>
    public static float MaximumProbability(MatchProbabilityModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return (1f - model.Smoothing) / (1f + MathF.Exp(-model.B)) + model.Smoothing / 2f;
    }
}
