using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using PoseSearch.Embedding;

namespace PoseSearch.Api.Observability;

/// <summary>
/// Prometheus /metrics (OpenTelemetry): ASP.NET Core's own meters (request rate and latency by
/// route and status, Kestrel connections, rate limiting, exceptions), Npgsql's connection pool,
/// the model queue (batch sizes, depth), and requests refused by reason. Section
/// "PoseSearch:Metrics": Enabled (default true). docs/reliability.md lists the dashboards.
/// </summary>
public static class PoseSearchMetrics
{
    public const string MeterName = "PoseSearch.Api";
    public const string Path = "/metrics";

    public static IServiceCollection AddPoseSearchMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(
                "Microsoft.AspNetCore.Hosting",
                "Microsoft.AspNetCore.Server.Kestrel",
                "Microsoft.AspNetCore.RateLimiting",
                "Microsoft.AspNetCore.Diagnostics",
                "Microsoft.AspNetCore.Authentication",
                "Microsoft.AspNetCore.Authorization",
                "Npgsql",
                MicroBatchingEmbedder.MeterName,
                MeterName)
            .AddPrometheusExporter());
        return services;
    }

    public static bool Enabled(IConfiguration configuration) => configuration.GetValue("PoseSearch:Metrics:Enabled", true);
}

/// <summary>Counts refused requests by reason (posesearch.requests.rejected{reason, route}).</summary>
public sealed class RejectionMetricsMiddleware
{
    private readonly RequestDelegate _next;
    private readonly Counter<long> _rejected;

    public RejectionMetricsMiddleware(RequestDelegate next, IMeterFactory meters)
    {
        _next = next;
        _rejected = meters.Create(PoseSearchMetrics.MeterName)
            .CreateCounter<long>("posesearch.requests.rejected", "{request}", "Requests refused, by reason");
    }

    public async Task InvokeAsync(HttpContext context)
    {
        await _next(context);
        var reason = context.Response.StatusCode switch
        {
            StatusCodes.Status400BadRequest => "invalid_request",
            StatusCodes.Status401Unauthorized => "unauthorized",
            StatusCodes.Status408RequestTimeout => "body_too_slow",
            StatusCodes.Status413PayloadTooLarge => "body_too_large",
            StatusCodes.Status414UriTooLong => "uri_too_long",
            StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
            StatusCodes.Status429TooManyRequests => "rate_limited",
            StatusCodes.Status503ServiceUnavailable => "unavailable",
            StatusCodes.Status504GatewayTimeout => "timeout",
            _ => null,
        };
        if (reason is not null)
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason), new KeyValuePair<string, object?>("route", route));
        }
    }
}
