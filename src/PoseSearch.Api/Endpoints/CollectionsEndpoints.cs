using Microsoft.AspNetCore.Http.HttpResults;
using PoseSearch.Api.Contracts;
using PoseSearch.Api.Hardening;
using PoseSearch.Api.OpenApi;
using PoseSearch.Api.Security;
using PoseSearch.Api.Serving;
using PoseSearch.Api.Validation;
using PoseSearch.Storage;

namespace PoseSearch.Api.Endpoints;

public static class CollectionsEndpoints
{
    public static RouteGroupBuilder MapCollectionsEndpoints(this RouteGroupBuilder v1)
    {
        var collections = v1.MapGroup("/collections").WithTags("Collections")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable); // no database connection in time

        collections.MapPost("/", Create)
            .WithName("CreateCollection")
            .WithSummary("Create a collection")
            .WithDescription("A collection holds poses embedded with one model (the default, or \"model\": a loaded model's name); it remembers that model and every search and ingest uses it.")
            .RequireApiKey(ApiKeyScope.Write).WithEndpointKind(EndpointKind.Small)
            .ProducesProblem(StatusCodes.Status409Conflict) // the name is taken (thrown by the store)
            .WithExamples(ApiExamples.CreateCollectionRequest, ApiExamples.Collection, StatusCodes.Status201Created);

        collections.MapGet("/", List)
            .WithName("ListCollections")
            .WithSummary("List collections with their pose counts")
            .RequireApiKey(ApiKeyScope.Read).WithEndpointKind(EndpointKind.Small)
            .WithExamples(null, ApiExamples.CollectionList);

        collections.MapGet("/{name}", Get)
            .WithName("GetCollection")
            .WithSummary("A collection: pose count and the model it was embedded with")
            .RequireApiKey(ApiKeyScope.Read).WithEndpointKind(EndpointKind.Small)
            .ProducesProblem(StatusCodes.Status404NotFound) // thrown: CollectionNotFoundException
            .WithExamples(null, ApiExamples.Collection);

        collections.MapDelete("/{name}", Delete)
            .WithName("DeleteCollection")
            .WithSummary("Delete a collection and all its poses")
            .RequireApiKey(ApiKeyScope.Write).WithEndpointKind(EndpointKind.Small)
            .ProducesProblem(StatusCodes.Status404NotFound) // thrown: CollectionNotFoundException
            .WithExamples(null, null);

        return v1;
    }

    private static async Task<Results<Created<CollectionResponse>, ValidationProblem>> Create(
        CreateCollectionRequest request, CollectionStore store, ModelRegistry models, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!Names.IsValidCollectionName(request.Name))
        {
            errors.Add("name", $"a collection name has {Names.CollectionNameRule}");
        }

        if (request.Description is { Length: > 1000 })
        {
            errors.Add("description", "at most 1000 characters");
        }
        else
        {
            TextRules.Check(request.Description, "description", errors, allowLineBreaks: true);
        }

        var model = request.Model is null ? models.Default : models.FindByNameOrSha(request.Model);
        if (model is null)
        {
            errors.Add("model", models.NotASingleFrameModel(request.Model!));
        }

        if (errors.HasErrors)
        {
            return errors.ToProblem();
        }

        var created = await store.CreateAsync(request.Name!, request.Description, model!.Identity, cancellationToken);
        return TypedResults.Created($"/v1/collections/{created.Name}", created.ToResponse());
    }

    private static async Task<Ok<CollectionListResponse>> List(CollectionStore store, CancellationToken cancellationToken)
    {
        var all = await store.ListAsync(cancellationToken);
        return TypedResults.Ok(new CollectionListResponse(all.Select(c => c.ToResponse()).ToList()));
    }

    private static async Task<Ok<CollectionResponse>> Get(string name, CollectionStore store, CancellationToken cancellationToken)
    {
        var info = (Names.IsValidCollectionName(name) ? await store.GetAsync(name, cancellationToken) : null)
            ?? throw new CollectionNotFoundException(name);
        return TypedResults.Ok(info.ToResponse());
    }

    private static async Task<NoContent> Delete(string name, CollectionStore store, CancellationToken cancellationToken)
    {
        return Names.IsValidCollectionName(name) && await store.DeleteAsync(name, cancellationToken)
            ? TypedResults.NoContent()
            : throw new CollectionNotFoundException(name);
    }
}
