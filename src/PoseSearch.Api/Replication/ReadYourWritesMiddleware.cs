using PoseSearch.Storage;

namespace PoseSearch.Api.Replication;

/// <summary>
/// Reads (searches, GETs) go to the read replicas, which may be a little behind the primary: right
/// after a write, a search there may not see it yet. A client that needs its own writes sends
/// <c>X-Read-Your-Writes: true</c> or <c>?consistency=strong</c>, and that request reads from the
/// primary (docs/api.md). Both default to the replicas; a value other than the documented ones is a 400.
/// </summary>
public sealed class ReadYourWritesMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-Read-Your-Writes";
    public const string QueryName = "consistency";

    public async Task InvokeAsync(HttpContext context)
    {
        var header = context.Request.Headers[HeaderName];
        var query = context.Request.Query[QueryName];
        bool? fromHeader = header.Count == 0 ? null : Parse(header.ToString(), "true", "false");
        bool? fromQuery = query.Count == 0 ? null : Parse(query.ToString(), "strong", "eventual");
        if ((header.Count > 0 && fromHeader is null) || (query.Count > 0 && fromQuery is null))
        {
            await Results.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "Invalid read consistency",
                    detail: $"{HeaderName} must be 'true' or 'false' and {QueryName} must be 'strong' or 'eventual'")
                .ExecuteAsync(context);
            return;
        }

        if (fromHeader == true || fromQuery == true)
        {
            using (ReadConsistency.ReadYourWrites())
            {
                await next(context);
            }

            return;
        }

        await next(context);
    }

    private static bool? Parse(string value, string yes, string no) =>
        value.Equals(yes, StringComparison.OrdinalIgnoreCase) ? true
        : value.Equals(no, StringComparison.OrdinalIgnoreCase) ? false
        : null;
}
