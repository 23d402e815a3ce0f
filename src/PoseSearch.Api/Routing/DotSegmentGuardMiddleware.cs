namespace PoseSearch.Api.Routing;

/// <summary>
/// Refuses any request whose raw path holds a "." or ".." segment, literal or percent-encoded,
/// before an endpoint runs. Kestrel removes such segments after decoding, so without this guard
/// <c>DELETE /v1/collections/c/poses/%2E%2E</c> deleted the collection <c>c</c>, and
/// <c>.../poses/%2E%2E/%2E%2E/other</c> another collection altogether. No valid resource has such a
/// segment (names cannot start with '.', pose ids cannot be "." or ".."), so refusing is exact.
/// </summary>
public sealed class DotSegmentGuardMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var segments = RawRequestTarget.DecodedSegments(context);
        if (segments is not null && segments.Any(RawRequestTarget.IsDotSegment))
        {
            return Results.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "Invalid request path",
                    detail: "path segments '.' and '..' (also percent-encoded) are not allowed; " +
                            "pose ids and collection names can never be '.' or '..'")
                .ExecuteAsync(context);
        }

        return next(context);
    }
}
