using Microsoft.Extensions.Diagnostics.HealthChecks;
using PoseSearch.Core.Keypoints;
using PoseSearch.Embedding;

namespace PoseSearch.Api.Health;

/// <summary>Ready when the loaded model embeds a fixed pose into finite numbers.</summary>
public sealed class ModelHealthCheck(PoseEmbedder embedder) : IHealthCheck
{
    // A plain standing pose in pixels, all joints visible.
    private static readonly ModelPose Probe = new(
        [320, 100, 350, 150, 290, 150, 362, 210, 278, 210, 366, 265, 274, 265, 340, 270, 300, 270, 342, 350, 298, 350, 344, 430, 296, 430],
        [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var batch = embedder.Embed([Probe]);
            var probability = embedder.MatchModel.Probability(batch.Mean(0), batch.Stddev(0), batch.Mean(0), batch.Stddev(0));
            return Task.FromResult(float.IsFinite(probability) && probability is > 0 and < 1
                ? HealthCheckResult.Healthy($"model {embedder.Card.Name} (D={embedder.Dimension}) on {embedder.ExecutionProvider}")
                : HealthCheckResult.Unhealthy($"model {embedder.Card.Name} gave a self-match probability of {probability}"));
        }
        catch (Exception e) when (e is InvalidOperationException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("model failed: " + e.Message));
        }
    }
}
