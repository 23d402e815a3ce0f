namespace PoseSearch.Api.Errors;

/// <summary>
/// Ends a request whose client went away as 499 (client closed request) instead of letting the
/// cancellation surface as an error. Without it every client that gives up while its search waits
/// for a database connection (load tests, impatient apps) is logged as a 500 with a stack trace.
/// Sits inside the request logging, so the log line says 499 at Information level.
/// </summary>
public sealed class ClientAbortMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (context.RequestAborted.IsCancellationRequested
                                  && e is OperationCanceledException or IOException or BadHttpRequestException)
        {
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            }
        }
    }
}
