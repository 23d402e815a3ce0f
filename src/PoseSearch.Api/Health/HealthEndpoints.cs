using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace PoseSearch.Api.Health;

public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    /// <summary>/health/live: the process runs (no checks). /health/ready: database and model work.</summary>
    public static IEndpointRouteBuilder MapPoseSearchHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = HealthResponseWriter.WriteAsync });
        return app;
    }
}
