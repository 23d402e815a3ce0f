namespace PoseSearch.Api.Hardening;

/// <summary>
/// Security headers on every response: no MIME sniffing, no framing, no referrer, and a Content
/// Security Policy that allows nothing for API responses (JSON), only this origin's scripts,
/// styles and images for the Swagger UI, and for the web UI (wwwroot: index.html and ui/*)
/// the same without any inline script or style.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    // Swagger UI: its bundle and index.js from this origin, inline style attributes (React), data: images, fetches to this origin.
    public const string SwaggerPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    // The web UI: its own modules, stylesheet and inline SVG; fetches to this origin only; nothing inline.
    public const string WebUiPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var swagger = path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase);
        var webUi = path == "/" || path.Equals("/index.html", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/ui", StringComparison.OrdinalIgnoreCase);
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = swagger ? SwaggerPolicy : webUi ? WebUiPolicy : ApiPolicy;
            return Task.CompletedTask;
        });
        return next(context);
    }
}
