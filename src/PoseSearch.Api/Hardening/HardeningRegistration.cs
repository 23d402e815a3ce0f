using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PoseSearch.Api.Security;

namespace PoseSearch.Api.Hardening;

/// <summary>Body limits, rate limits, request timeouts, CORS and Swagger switches (docs/reliability.md).</summary>
public static class HardeningRegistration
{
    public const string CorsPolicy = "posesearch-cors";

    public static IServiceCollection AddPoseSearchHardening(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SwaggerSettings>().Bind(configuration.GetSection(SwaggerSettings.SectionName));
        services.AddOptions<CorsSettings>().Bind(configuration.GetSection(CorsSettings.SectionName));
        services.AddOptions<RateLimitSettings>().Bind(configuration.GetSection(RateLimitSettings.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TimeoutSettings>().Bind(configuration.GetSection(TimeoutSettings.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RequestBodyLimits>();

        // Rate limits: one token bucket per client (key id, else remote address) and kind of endpoint.
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            foreach (var kind in new[] { EndpointKind.Search, EndpointKind.Ingest, EndpointKind.Embeddings })
            {
                o.AddPolicy(PolicyName(kind), context =>
                {
                    var settings = context.RequestServices.GetRequiredService<IOptions<RateLimitSettings>>().Value;
                    if (!settings.Enabled)
                    {
                        return RateLimitPartition.GetNoLimiter("off");
                    }

                    var bucket = kind switch
                    {
                        EndpointKind.Search => settings.Search,
                        EndpointKind.Ingest => settings.Ingest,
                        _ => settings.Embeddings,
                    };
                    return RateLimitPartition.GetTokenBucketLimiter(ClientOf(context), _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = bucket.Burst,
                        TokensPerPeriod = bucket.TokensPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = bucket.QueueLimit,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                        AutoReplenishment = true,
                    });
                });
            }

            o.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                var http = rejected.HttpContext;

                // Held before it is answered (RateLimitSettings.RejectionHoldSeconds): an await, no thread.
                // The token is the client's: a client that hangs up is let go at once.
                var hold = Math.Min(retryAfter, http.RequestServices.GetRequiredService<IOptions<RateLimitSettings>>().Value.RejectionHoldSeconds);
                if (hold > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds(hold), cancellationToken);
                }

                http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("PoseSearch.Api.RateLimit")
                    .LogDebug("Rate limit: 429 for {Client} on {Path}", ClientOf(http), http.Request.Path.Value);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"This client sent more requests than its rate limit allows; retry after {retryAfter} s.",
                    },
                });
            };
        });

        // Request timeouts: the request's cancellation token fires; the client gets 504 ProblemDetails.
        services.AddRequestTimeouts();
        services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<TimeoutSettings>>((o, settings) =>
        {
            o.AddPolicy(TimeoutPolicyName(EndpointKind.Search), Policy(settings.Value.SearchSeconds));
            o.AddPolicy(TimeoutPolicyName(EndpointKind.Ingest), Policy(settings.Value.IngestSeconds));
            o.AddPolicy(TimeoutPolicyName(EndpointKind.Small), Policy(settings.Value.DefaultSeconds));
        });

        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<CorsSettings>>((o, settings) =>
            o.AddPolicy(CorsPolicy, p =>
            {
                if (settings.Value.AllowedOrigins.Count > 0)
                {
                    p.WithOrigins([.. settings.Value.AllowedOrigins])
                        .WithMethods("GET", "POST", "DELETE")
                        .WithHeaders("Content-Type", ApiKeyValidator.HeaderName, Replication.ReadYourWritesMiddleware.HeaderName)
                        .WithExposedHeaders("Retry-After");
                }
            }));
        return services;
    }

    /// <summary>Swagger on: configured explicitly, else everywhere but Production.</summary>
    public static bool SwaggerEnabled(IServiceProvider services, IHostEnvironment environment) =>
        services.GetRequiredService<IOptions<SwaggerSettings>>().Value.Enabled ?? !environment.IsProduction();

    /// <summary>CORS on: only when origins are configured.</summary>
    public static bool CorsEnabled(IServiceProvider services) =>
        services.GetRequiredService<IOptions<CorsSettings>>().Value.AllowedOrigins.Count > 0;

    /// <summary>Marks an endpoint's kind: its body limit, rate limit policy and request timeout.</summary>
    public static TBuilder WithEndpointKind<TBuilder>(this TBuilder builder, EndpointKind kind)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new EndpointKindMetadata(kind));
        builder.WithRequestTimeout(TimeoutPolicyName(kind));
        if (kind is EndpointKind.Search or EndpointKind.Ingest or EndpointKind.Embeddings or EndpointKind.Match or EndpointKind.Align or EndpointKind.SequenceSearch)
        {
            builder.RequireRateLimiting(PolicyName(kind));
            builder.WithMetadata(new ProducesResponseTypeMetadata(
                StatusCodes.Status429TooManyRequests, typeof(ProblemDetails), ["application/problem+json"]));
        }

        if (kind is EndpointKind.Search or EndpointKind.Embeddings or EndpointKind.Match or EndpointKind.Align or EndpointKind.SequenceSearch)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(
                StatusCodes.Status504GatewayTimeout, typeof(ProblemDetails), ["application/problem+json"]));
        }

        if (kind is not EndpointKind.Small)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(
                StatusCodes.Status413PayloadTooLarge, typeof(ProblemDetails), ["application/problem+json"]));
        }

        return builder;
    }

    private static string PolicyName(EndpointKind kind) => kind switch
    {
        EndpointKind.Search or EndpointKind.SequenceSearch => "rate-search",
        EndpointKind.Ingest => "rate-ingest",
        _ => "rate-embeddings", // embeddings, match and align share the model's bucket
    };

    private static string TimeoutPolicyName(EndpointKind kind) => kind switch
    {
        // Align and sequence search are capped to finish well inside it (docs/api.md, "Limits").
        EndpointKind.Search or EndpointKind.Embeddings or EndpointKind.Match or EndpointKind.Align or EndpointKind.SequenceSearch => "timeout-search",
        EndpointKind.Ingest => "timeout-ingest",
        _ => "timeout-default",
    };

    private static RequestTimeoutPolicy Policy(double seconds) => new()
    {
        Timeout = seconds > 0 ? TimeSpan.FromSeconds(seconds) : null,
        TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
        WriteTimeoutResponse = context => context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status504GatewayTimeout,
                Title = "Request timed out",
                Detail = $"The request took longer than {seconds.ToString(CultureInfo.InvariantCulture)} s and was stopped; nothing was written.",
            },
        }).AsTask(),
    };

    /// <summary>The rate-limit partition of a request: its key id, else its remote address.</summary>
    public static string ClientOf(HttpContext context) =>
        context.User.KeyId() ?? "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
