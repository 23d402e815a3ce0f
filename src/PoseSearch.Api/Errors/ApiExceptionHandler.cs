using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using PoseSearch.Core;
using PoseSearch.Storage;

namespace PoseSearch.Api.Errors;

/// <summary>
/// Maps the exceptions that describe a client's mistake to RFC 7807 responses (400, 404, 409),
/// and a database that has no free connection in time to 503 with Retry-After (the client may
/// retry; nothing was written); anything else stays a 500 without internals in the body.
/// </summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problemDetails, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "The request could not be read"),
            PoseFormatException => (StatusCodes.Status400BadRequest, "Invalid pose"),
            CollectionNotFoundException => (StatusCodes.Status404NotFound, "Collection not found"),
            CollectionAlreadyExistsException => (StatusCodes.Status409Conflict, "Collection already exists"),
            CollectionModelMismatchException => (StatusCodes.Status409Conflict, "Collection was embedded with another model"),
            // Npgsql's "connection pool has been exhausted" (and a command timeout) carry a TimeoutException.
            NpgsqlException { InnerException: TimeoutException } => (StatusCodes.Status503ServiceUnavailable, "Database busy"),
            _ => (0, ""),
        };
        if (status == 0)
        {
            return false;
        }

        // For unreadable JSON the inner exception names the path and position (e.g. "$.poses[0].keypoints[1].x").
        var detail = exception switch
        {
            BadHttpRequestException { InnerException: { } inner } => $"{exception.Message} {inner.Message}",
            NpgsqlException => "The database did not give this request a connection in time; retry shortly (PoseSearch:Database:MaxPoolSize, docs/performance.md).",
            _ => exception.Message,
        };
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning("Request failed with {Status}: {Reason}", status, exception.Message);
            httpContext.Response.Headers.RetryAfter = "1";
        }
        else
        {
            logger.LogInformation("Request failed with {Status}: {Detail}", status, detail);
        }

        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
