using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PoseSearch.Api.Contracts;
using PoseSearch.Api.Hardening;
using PoseSearch.Api.OpenApi;
using PoseSearch.Api.Security;
using PoseSearch.Api.Serving;
using PoseSearch.Api.Validation;
using PoseSearch.Storage;

namespace PoseSearch.Api.Endpoints;

public static class SearchEndpoints
{
    public static RouteGroupBuilder MapSearchEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapPost("/collections/{name}/search", Search)
            .WithName("SearchPoses")
            .WithTags("Search")
            .WithSummary("Find the stored poses that best match one pose")
            .WithDescription(
                "Two stages: the HNSW index on the embedding means yields candidates (filtered by metadata), then the learned match " +
                "probability re-ranks them. Returns the top k (default 10), best first, with probability, distance = -ln(probability) and metadata.")
            .RequireApiKey(ApiKeyScope.Read).WithEndpointKind(EndpointKind.Search)
            // Thrown by the search and answered by ApiExceptionHandler: unknown collection, another model's, no connection.
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithExamples(ApiExamples.SearchRequest, ApiExamples.SearchResponse);
        return v1;
    }

    private static async Task<Results<Ok<SearchResponse>, ValidationProblem>> Search(
        string name,
        SearchRequest request,
        PoseConverter converter,
        ModelRegistry models,
        TwoStageSearch search,
        IOptions<SearchOptions> searchOptions,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var parameters = SearchParameters.Read(request, searchOptions.Value.MaxK, errors);
        if (!Names.IsValidCollectionName(name))
        {
            throw new CollectionNotFoundException(name); // cannot exist; the database is not asked
        }

        var pose = converter.Convert(request.Pose, "pose", errors);
        if (errors.HasErrors || pose is null || parameters is null)
        {
            return errors.ToProblem();
        }

        // An unknown collection surfaces from the search itself (404), after one cheap embedding.
        var model = models.Default;
        var (mean, stddev) = await model.EmbedAsync(pose, cancellationToken);
        var result = await search.SearchAsync(
            name,
            model.Identity,
            model.Scorer,
            new SearchQuery(mean, stddev, parameters.K, parameters.MinProbability, parameters.Filter),
            cancellationToken);

        var hits = result.Hits.Select(h => new SearchHitDto(h.ExternalId, h.Probability, h.Distance, h.Metadata.ToDto())).ToList();
        return TypedResults.Ok(new SearchResponse(name, hits, result.CandidatesScored));
    }
}
