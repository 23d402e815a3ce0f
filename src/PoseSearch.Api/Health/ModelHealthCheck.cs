using Microsoft.Extensions.Diagnostics.HealthChecks;
using PoseSearch.Api.Serving;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Api.Health;

/// <summary>Ready when the loaded model embeds a fixed pose into finite numbers.</summary>
public sealed class ModelHealthCheck(ModelRegistry models) : IHealthCheck
{
    // A plain standing pose in pixels, all joints visible.
    private static readonly ModelPose Probe = new(
        [320, 100, 350, 150, 290, 150, 362, 210, 278, 210, 366, 265, 274, 265, 340, 270, 300, 270, 342, 350, 298, 350, 344, 430, 296, 430],
        [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var model = models.Default;
        try
        {
            // Through the queue like every request, so a stuck worker turns readiness red too.
            var (mean, stddev) = await model.EmbedAsync(Probe, cancellationToken);
            var probability = model.Scorer.Probability(mean, stddev, mean, stddev);
            return float.IsFinite(probability) && probability is > 0 and < 1
                ? HealthCheckResult.Healthy($"model {model.Card.Name} (D={model.Dimension}) on {model.ExecutionProvider}")
                : HealthCheckResult.Unhealthy($"model {model.Card.Name} gave a self-match probability of {probability}");
        }
        catch (Exception e) when (e is InvalidOperationException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            // ModelBusyException is an InvalidOperationException: a full queue is not ready either.
            return HealthCheckResult.Unhealthy("model failed: " + e.Message);
        }
    }
}
