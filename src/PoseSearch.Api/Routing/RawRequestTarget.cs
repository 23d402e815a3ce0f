using Microsoft.AspNetCore.Http.Features;

namespace PoseSearch.Api.Routing;

/// <summary>
/// The request target exactly as the client sent it, before the server decoded it and removed
/// dot segments. Kestrel decodes every escape except %2F and then drops "." and ".." segments, so
/// <c>/collections/c/poses/%2E%2E</c> would route as <c>/collections/c</c>: anything that must not
/// be reinterpreted (dot segments, a pose id holding '/' or a literal "%2F") is read from here.
/// </summary>
public static class RawRequestTarget
{
    /// <summary>The path of the raw target, still percent-encoded; null when the server gives none.</summary>
    public static string? RawPath(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        var query = raw.IndexOfAny(['?', '#']);
        var target = query >= 0 ? raw[..query] : raw;
        if (target.StartsWith('/'))
        {
            return target;
        }

        // Absolute form (http://host/path): the path starts at the first '/' after the authority.
        var scheme = target.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return null; // asterisk form (OPTIONS *) or authority form (CONNECT): no path
        }

        var pathStart = target.IndexOf('/', scheme + 3);
        return pathStart < 0 ? "/" : target[pathStart..];
    }

    /// <summary>The raw path's segments, each fully percent-decoded ('%2F' becomes '/').</summary>
    public static IReadOnlyList<string>? DecodedSegments(HttpContext context) =>
        RawPath(context) is { } path
            ? path.Split('/').Skip(1).Select(Uri.UnescapeDataString).ToArray()
            : null;

    /// <summary>A segment that URL normalization removes or climbs with ("." or "..", in any encoding).</summary>
    public static bool IsDotSegment(string decodedSegment) => decodedSegment is "." or "..";
}
