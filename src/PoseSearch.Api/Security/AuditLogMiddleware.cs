using System.Diagnostics;

namespace PoseSearch.Api.Security;

/// <summary>
/// One audit line per write request (endpoints that need the write key): who (key id, never the
/// key; or "anonymous"), what (method and path), from where, and the outcome (status).
/// </summary>
public sealed class AuditLogMiddleware(RequestDelegate next, ILogger<AuditLogMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var requirement = context.GetEndpoint()?.Metadata.GetMetadata<ApiKeyRequirement>();
        if (requirement?.Scope != ApiKeyScope.Write)
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            logger.LogInformation(
                "Audit: {KeyId} {Method} {Path} from {Client} -> {Status} in {Milliseconds:0.0} ms",
                context.User.KeyId() ?? "anonymous",
                context.Request.Method,
                context.Request.Path.Value,
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
