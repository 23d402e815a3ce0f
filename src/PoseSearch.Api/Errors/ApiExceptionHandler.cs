using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using PoseSearch.Core;
using PoseSearch.Storage;

namespace PoseSearch.Api.Errors;

/// <summary>
/// Maps the exceptions that describe a client's mistake to RFC 7807 responses (400, 404, 409);
/// anything else stays a 500 without internals in the body.
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
            _ => (0, ""),
        };
        if (status == 0)
        {
            return false;
        }

        // For unreadable JSON the inner exception names the path and position (e.g. "$.poses[0].keypoints[1].x").
        var detail = exception is BadHttpRequestException { InnerException: { } inner } ? $"{exception.Message} {inner.Message}" : exception.Message;
        logger.LogInformation("Request failed with {Status}: {Detail}", status, detail);
        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
