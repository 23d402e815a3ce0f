using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using PoseSearch.Api.Serving;
using PoseSearch.Core;
using PoseSearch.Storage;

namespace PoseSearch.Api.Errors;

/// <summary>
/// Maps the exceptions that describe a client's mistake to RFC 7807 responses (400, 404, 409,
/// 413, 415), in plain words (<see cref="BindingProblems"/>); a database that has no free
/// connection in time, or is down, to 503 with Retry-After (the client may retry; nothing was
/// written, ingest being one transaction); anything else stays a 500 without internals in the body.
/// </summary>
public sealed class ApiExceptionHandler(
    IProblemDetailsService problemDetails, NpgsqlDataSource dataSource, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Retry-After (seconds) when the database is down: about how long a PostgreSQL restart takes.</summary>
    public const int DatabaseDownRetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        ProblemDetails problem;
        if (exception is BadHttpRequestException bad)
        {
            // The handler runs with the endpoint cleared; the feature remembers it.
            var endpoint = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? httpContext.GetEndpoint();
            var requestType = endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType;
            var (status, title, detail, field, message) = BindingProblems.Describe(bad, requestType);
            problem = field is null
                ? new ProblemDetails { Status = status, Title = title, Detail = detail }
                : new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message!] })
                {
                    Status = status, Title = title, Detail = detail,
                };
            logger.LogInformation("Request body refused with {Status}: {Detail}", status, detail);
        }
        else if (IsDatabaseBusy(exception))
        {
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Database busy",
                Detail = "The database did not give this request a connection in time; retry shortly (PoseSearch:Database:MaxPoolSize, docs/performance.md).",
            };
            httpContext.Response.Headers.RetryAfter = "1";
            logger.LogWarning("Request failed with 503 (database busy): {Reason}", exception.Message);
        }
        else if (exception is PoseSearch.Embedding.MicroBatchingEmbedder.ModelBusyException)
        {
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Model busy",
                Detail = "Too many poses are waiting for the model; retry shortly.",
            };
            httpContext.Response.Headers.RetryAfter = "1";
            logger.LogWarning("Request failed with 503 (model queue full)");
        }
        else if (IsDatabaseUnavailable(exception))
        {
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Database unavailable",
                Detail = "The database cannot be reached right now; nothing was written. Retry after the time in Retry-After.",
            };
            httpContext.Response.Headers.RetryAfter = DatabaseDownRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // Idle pooled connections died with the server: drop them so that the first requests
            // after its return get fresh ones instead of failing on a dead socket.
            dataSource.Clear();
            logger.LogWarning("Request failed with 503 (database unavailable): {Reason}", exception.Message);
        }
        else
        {
            var (status, title) = exception switch
            {
                PoseFormatException => (StatusCodes.Status400BadRequest, "Invalid pose"),
                CollectionNotFoundException => (StatusCodes.Status404NotFound, "Collection not found"),
                CollectionAlreadyExistsException => (StatusCodes.Status409Conflict, "Collection already exists"),
                CollectionModelMismatchException => (StatusCodes.Status409Conflict, "Collection was embedded with another model"),
                ModelNotLoadedException => (StatusCodes.Status409Conflict, "The collection's model is not loaded"),
                ReembedConflictException => (StatusCodes.Status409Conflict, "Re-embedding conflict"),
                _ => (0, ""),
            };
            if (status == 0)
            {
                return false;
            }

            problem = new ProblemDetails { Status = status, Title = title, Detail = exception.Message };
            logger.LogInformation("Request failed with {Status}: {Detail}", status, exception.Message);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = problem,
        });
    }

    /// <summary>Npgsql's "connection pool has been exhausted" (and a command timeout) carry a TimeoutException.</summary>
    private static bool IsDatabaseBusy(Exception exception) => exception is NpgsqlException { InnerException: TimeoutException };

    /// <summary>
    /// The server is down, restarting or unreachable: connection refused, a connection cut in the
    /// middle of a command, or PostgreSQL saying it shuts down or starts up (57P01-57P03).
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception exception) => exception switch
    {
        PostgresException pg => pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                                || pg.SqlState == PostgresErrorCodes.TooManyConnections,
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or EndOfStreamException,
        SocketException => true,
        _ => false,
    };
}
