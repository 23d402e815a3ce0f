using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using PoseSearch.Api.Startup;
using PoseSearch.Api.Validation;

namespace PoseSearch.Api.Hardening;

/// <summary>
/// Request body limits per endpoint, sized from the largest legal request: a pose is at most 33
/// keypoints (generously 256 bytes of JSON each, pretty-printed) plus its layout and image size;
/// an ingest item adds its id, video id and up to 4,096 characters of extra JSON (9,472 and 16,992
/// bytes); a sequence frame adds its frame number and timestamp (256 bytes). So with the defaults
/// (256 poses per embeddings request, 1,000 per ingest batch) embeddings take 2.4 MB, ingest 17 MB,
/// align 24 MB (2,500 frames), sequence search 2.9 MB (300 frames), search 64 KB, match 35 KB,
/// everything else 16 KB.
/// </summary>
public sealed class RequestBodyLimits(IOptions<PoseSearchOptions> options)
{
    public const long Overhead = 16 * 1024;
    public static readonly long PoseBytes = BoundedKeypointListConverter.MaxKeypoints * 256 + 1024;
    public static readonly long SequenceFrameBytes = PoseBytes + 256;
    public static readonly long IngestItemBytes = PoseBytes + 6 * (Names.MaxPoseIdLength + 200) + TextRules.MaxExtraJsonLength + 1024;

    public long For(EndpointKind kind) => kind switch
    {
        EndpointKind.Ingest => Overhead + options.Value.MaxIngestBatch * IngestItemBytes,
        EndpointKind.Embeddings => Overhead + options.Value.MaxEmbeddingBatch * PoseBytes,
        EndpointKind.Match => Overhead + 2 * PoseBytes,
        EndpointKind.Search => 64 * 1024,
        EndpointKind.Align => Overhead + SequenceLimits.MaxAlignFrames * SequenceFrameBytes,
        EndpointKind.SequenceSearch => Overhead + SequenceLimits.MaxQueryFrames * SequenceFrameBytes,
        _ => Overhead,
    };
}

/// <summary>
/// Applies the endpoint's body limit: a declared Content-Length over it is answered 413 at once;
/// otherwise the server stops reading at the limit (Kestrel's own 413).
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, RequestBodyLimits limits)
{
    public Task InvokeAsync(HttpContext context)
    {
        var kind = context.GetEndpoint()?.Metadata.GetMetadata<EndpointKindMetadata>()?.Kind ?? EndpointKind.Small;
        var limit = limits.For(kind);
        if (context.Request.ContentLength is { } length && length > limit)
        {
            return Results.Problem(
                    statusCode: StatusCodes.Status413PayloadTooLarge,
                    title: "Request body too large",
                    detail: $"This endpoint accepts at most {limit} bytes; the request declares {length}.")
                .ExecuteAsync(context);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        return next(context);
    }
}
