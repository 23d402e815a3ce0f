using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PoseSearch.Api.Contracts;
using PoseSearch.Api.Hardening;
using PoseSearch.Api.OpenApi;
using PoseSearch.Api.Routing;
using PoseSearch.Api.Security;
using PoseSearch.Api.Serving;
using PoseSearch.Api.Startup;
using PoseSearch.Api.Validation;
using PoseSearch.Core.Keypoints;
using PoseSearch.Storage;

namespace PoseSearch.Api.Endpoints;

public static class PosesEndpoints
{
    public static RouteGroupBuilder MapPosesEndpoints(this RouteGroupBuilder v1)
    {
        var poses = v1.MapGroup("/collections/{name}/poses").WithTags("Poses")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable); // no database connection in time

        poses.MapPost("/", Ingest)
            .WithName("IngestPoses")
            .WithSummary("Store a batch of poses (all or nothing; upsert on id)")
            .WithDescription(
                "Embeds and stores every pose of the batch in one transaction: a batch with any invalid pose is rejected whole. " +
                "Idempotent on (collection, id): an id already stored is replaced when its content differs and left alone when identical, " +
                "so a retried batch never duplicates.")
            .RequireApiKey(ApiKeyScope.Write)
            .WithEndpointKind(EndpointKind.Ingest)
            .ProducesProblem(StatusCodes.Status404NotFound) // thrown: unknown collection
            .ProducesProblem(StatusCodes.Status409Conflict) // thrown: a collection of another model
            .WithExamples(ApiExamples.IngestRequest, ApiExamples.IngestResponse);

        poses.MapGet("/{id}", Get)
            .WithName("GetPose")
            .WithSummary("A stored pose: its model13 keypoints, embedding and metadata")
            .RequireApiKey(ApiKeyScope.Read).WithEndpointKind(EndpointKind.Small)
            .ProducesProblem(StatusCodes.Status404NotFound) // a problem result of any status: the type does not say 404
            .WithExamples(null, ApiExamples.StoredPose);

        poses.MapDelete("/{id}", Delete)
            .WithName("DeletePose")
            .WithSummary("Delete one pose")
            .RequireApiKey(ApiKeyScope.Write)
            .WithEndpointKind(EndpointKind.Small)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithExamples(null, null);

        return v1;
    }

    private static async Task<Results<Ok<IngestResponse>, ValidationProblem>> Ingest(
        string name,
        IngestRequest request,
        PoseConverter converter,
        CollectionModels collectionModels,
        CollectionStore collections,
        PoseStore store,
        IOptions<PoseSearchOptions> options,
        CancellationToken cancellationToken)
    {
        // Unknown collection first: no reason to run the model for a batch that cannot land.
        if (!Names.IsValidCollectionName(name) || !await collections.ExistsAsync(name, cancellationToken))
        {
            throw new CollectionNotFoundException(name);
        }

        var errors = new ValidationErrors();
        var items = request.Poses;
        var maxBatch = options.Value.MaxIngestBatch;
        if (items is null || items.Count == 0)
        {
            errors.Add("poses", "at least one pose is required");
            return errors.ToProblem();
        }

        if (items.Count > maxBatch)
        {
            errors.Add("poses", $"at most {maxBatch} poses per batch, got {items.Count}");
            return errors.ToProblem();
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var converted = new List<(string Id, ModelPose Pose, PoseMetadata Metadata)>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (errors.IsFull)
            {
                errors.Add("poses", $"poses[{i}] and later were not checked");
                break;
            }

            var path = $"poses[{i}]";
            var item = items[i];
            if (item is null)
            {
                errors.Add(path, "an item with id and pose is required");
                continue;
            }

            if (Names.PoseIdProblem(item.Id) is { } idProblem)
            {
                errors.Add($"{path}.id", idProblem);
            }
            else if (!ids.Add(item.Id!))
            {
                errors.Add($"{path}.id", $"id '{item.Id}' appears more than once in the batch");
            }

            CheckMetadata(item.Metadata, $"{path}.metadata", errors);
            var pose = converter.Convert(item.Pose, $"{path}.pose", errors);
            if (pose is not null && !errors.HasErrors)
            {
                converted.Add((item.Id!, pose, item.Metadata.ToMetadata()));
            }
        }

        if (errors.HasErrors)
        {
            return errors.ToProblem();
        }

        // Embedded with the collection's own model (several may be loaded side by side).
        var result = await collectionModels.RunAsync(name, async model =>
        {
            var batch = await model.EmbedAsync(converted.Select(c => c.Pose).ToList(), cancellationToken);
            var records = converted
                .Select((c, i) => new PoseRecord(
                    c.Id, batch.Mean(i).ToArray(), batch.Stddev(i).ToArray(), c.Pose.CoordinatesToArray(), c.Pose.VisibilityToArray(), c.Metadata))
                .ToList();
            return await store.IngestAsync(name, records, model.Identity, cancellationToken);
        }, cancellationToken);
        return TypedResults.Ok(new IngestResponse(result.Inserted, result.Updated, result.Unchanged));
    }

    private static async Task<Results<Ok<StoredPoseResponse>, ProblemHttpResult>> Get(string name, string id, HttpContext context, PoseStore store, CancellationToken cancellationToken)
    {
        id = PoseIdFromPath(context, id);
        if (!Names.IsValidCollectionName(name) || Names.PoseIdProblem(id) is not null)
        {
            return PoseNotFound(name, id); // no such pose can exist; the database is not asked
        }

        var record = await store.GetAsync(name, id, cancellationToken);
        if (record is null)
        {
            return PoseNotFound(name, id);
        }

        return TypedResults.Ok(record.ToResponse(name));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string name, string id, HttpContext context, PoseStore store, CancellationToken cancellationToken)
    {
        id = PoseIdFromPath(context, id);
        if (!Names.IsValidCollectionName(name) || Names.PoseIdProblem(id) is not null)
        {
            return PoseNotFound(name, id);
        }

        if (!await store.DeleteAsync(name, id, cancellationToken))
        {
            return PoseNotFound(name, id);
        }

        return TypedResults.NoContent();
    }

    // The server decodes the path except %2F, so the route value cannot tell an id holding '/' (sent as %2F)
    // from one holding the text "%2F" (sent as %252F). The raw target can: its last segment, fully decoded.
    private static string PoseIdFromPath(HttpContext context, string routeValue)
    {
        var segments = RawRequestTarget.DecodedSegments(context);
        if (segments is not { Count: > 0 })
        {
            return routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase); // no raw target (in-memory test server)
        }

        var last = segments[^1];
        return last.Length == 0 && segments.Count > 1 ? segments[^2] : last; // a trailing '/' still routes here
    }

    private static ProblemHttpResult PoseNotFound(string name, string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Pose not found", detail: $"collection '{name}' has no pose with id '{id}'");

    internal static void CheckMetadata(PoseMetadataDto? metadata, string path, ValidationErrors errors)
    {
        if (metadata is null)
        {
            return;
        }

        if (metadata.VideoId is { Length: > 200 })
        {
            errors.Add($"{path}.videoId", "at most 200 characters");
        }
        else
        {
            TextRules.Check(metadata.VideoId, $"{path}.videoId", errors);
        }

        if (metadata.Timestamp is { } t && !double.IsFinite(t))
        {
            errors.Add($"{path}.timestamp", $"must be a finite number of seconds, got {t}");
        }

        TextRules.CheckExtra(metadata.Extra, $"{path}.extra", errors);
    }
}
