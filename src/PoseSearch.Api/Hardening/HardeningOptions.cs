using System.ComponentModel.DataAnnotations;

namespace PoseSearch.Api.Hardening;

/// <summary>Swagger UI and JSON; section "PoseSearch:Swagger".</summary>
public sealed class SwaggerSettings
{
    public const string SectionName = "PoseSearch:Swagger";

    /// <summary>Serve /swagger and /swagger/v1/swagger.json. Unset: on, except in the Production environment.</summary>
    public bool? Enabled { get; set; }
}

/// <summary>Cross-origin requests; section "PoseSearch:Cors". Off unless origins are listed.</summary>
public sealed class CorsSettings
{
    public const string SectionName = "PoseSearch:Cors";

    /// <summary>Origins allowed to call the API from a browser (e.g. "https://app.example.com"); empty: CORS off.</summary>
    public List<string> AllowedOrigins { get; set; } = [];
}

/// <summary>
/// Per-client token buckets; section "PoseSearch:RateLimits". A client is its key id, or its
/// address when it sends no valid key. Off by default, so load tests measure the service.
/// </summary>
public sealed class RateLimitSettings
{
    public const string SectionName = "PoseSearch:RateLimits";

    public bool Enabled { get; set; }

    public TokenBucket Search { get; set; } = new() { TokensPerSecond = 100, Burst = 200 };

    public TokenBucket Ingest { get; set; } = new() { TokensPerSecond = 10, Burst = 20 };

    public TokenBucket Embeddings { get; set; } = new() { TokensPerSecond = 50, Burst = 100 };

    /// <summary>
    /// How long, at most, a request over its limit is held before its 429 (seconds; 0 = answer at
    /// once). It is held for its Retry-After up to this cap, an asynchronous wait that costs no thread
    /// and no CPU: a client that ignores Retry-After and retries at once is paced to one try per
    /// connection per hold, instead of thousands of cheap 429s a second that still cost the CPU that
    /// other clients need (docs/reliability.md, section 4). A client within its limit is never held.
    /// </summary>
    [Range(0, 30)]
    public double RejectionHoldSeconds { get; set; } = 1;

    public sealed class TokenBucket
    {
        /// <summary>Requests added to the bucket per second.</summary>
        [Range(1, 1_000_000)]
        public int TokensPerSecond { get; set; } = 100;

        /// <summary>Bucket size: requests a client may send at once after a quiet spell.</summary>
        [Range(1, 1_000_000)]
        public int Burst { get; set; } = 200;

        /// <summary>
        /// Requests over the limit that wait (asynchronously, oldest first) for a token instead of a
        /// 429; beyond them the 429 comes. 0: none wait.
        /// </summary>
        [Range(0, 10_000)]
        public int QueueLimit { get; set; }
    }
}

/// <summary>Request timeouts; section "PoseSearch:RequestTimeouts" (seconds; 0 = none).</summary>
public sealed class TimeoutSettings
{
    public const string SectionName = "PoseSearch:RequestTimeouts";

    /// <summary>Search, embeddings and match: model and index work that normally takes milliseconds.</summary>
    [Range(0, 3600)]
    public double SearchSeconds { get; set; } = 10;

    /// <summary>Ingest: a full batch is embedded and written in one transaction.</summary>
    [Range(0, 3600)]
    public double IngestSeconds { get; set; } = 60;

    /// <summary>Everything else (collections, single poses, model card).</summary>
    [Range(0, 3600)]
    public double DefaultSeconds { get; set; } = 30;
}
