namespace PoseSearch.Api.Hardening;

/// <summary>
/// Security headers on every response: no MIME sniffing, no framing, no referrer, and a Content
/// Security Policy that allows nothing for API responses (JSON) and only this origin's scripts,
/// styles and images for the Swagger UI.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    // Swagger UI: its bundle and index.js from this origin, inline style attributes (React), data: images, fetches to this origin.
    public const string SwaggerPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public Task InvokeAsync(HttpContext context)
    {
        var swagger = context.Request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase);
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = swagger ? SwaggerPolicy : ApiPolicy;
            return Task.CompletedTask;
        });
        return next(context);
    }
}
