using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PoseSearch.Api.Contracts;
using PoseSearch.Api.Hardening;
using PoseSearch.Api.OpenApi;
using PoseSearch.Api.Security;
using PoseSearch.Api.Serving;
using PoseSearch.Api.Validation;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Scoring;
using PoseSearch.Embedding;
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
                "probability re-ranks them. Returns the top k (default 10), best first, with probability, distance = -ln(probability) and metadata, " +
                "and the query's ambiguity. \"mirror\": true also searches the pose's left/right mirror image (each hit says \"mirrored\"); " +
                "\"maxAmbiguity\" refuses a query more ambiguous than that with 422.")
            .RequireApiKey(ApiKeyScope.Read).WithEndpointKind(EndpointKind.Search)
            // Thrown by the search and answered by ApiExceptionHandler: unknown collection, another model's, no connection.
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithExamples(ApiExamples.SearchRequest, ApiExamples.SearchResponse);
        return v1;
    }

    private static async Task<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>> Search(
        string name,
        SearchRequest request,
        PoseConverter converter,
        CollectionModels collectionModels,
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

        // The collection's own model (several may be loaded side by side) embeds the query; with mirror
        // the pose and its mirror image share one model run.
        return await collectionModels.RunAsync<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>>(name, async model =>
        {
            ModelPose[] queries = parameters.Mirror ? [pose, PoseMirror.Mirror(pose)] : [pose];
            var embedded = await model.EmbedAsync(queries, cancellationToken);
            var ambiguity = PoseAmbiguity.Compute(model.Scorer, embedded.Mean(0), embedded.Stddev(0));
            if (parameters.MaxAmbiguity is { } maxAmbiguity && ambiguity > maxAmbiguity)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "The query pose is too ambiguous",
                    detail: FormattableString.Invariant($"its ambiguity is {ambiguity:0.000}, above maxAmbiguity {maxAmbiguity:0.000}: the 2D pose could show too many 3D poses (docs/api.md, \"Ambiguity\")"),
                    extensions: new Dictionary<string, object?> { ["ambiguity"] = ambiguity, ["maxAmbiguity"] = maxAmbiguity });
            }

            var plain = await search.SearchAsync(name, model.Identity, model.Scorer, QueryOf(embedded, 0, parameters), cancellationToken);
            List<SearchHitDto> hits;
            var scored = plain.CandidatesScored;
            if (parameters.Mirror)
            {
                var mirrored = await search.SearchAsync(name, model.Identity, model.Scorer, QueryOf(embedded, 1, parameters), cancellationToken);
                scored += mirrored.CandidatesScored;
                hits = MirrorMerge.Merge(plain.Hits, mirrored.Hits, parameters.K)
                    .Select(h => new SearchHitDto(h.Hit.ExternalId, h.Hit.Probability, h.Hit.Distance, h.Hit.Metadata.ToDto(), h.Mirrored))
                    .ToList();
            }
            else
            {
                hits = plain.Hits.Select(h => new SearchHitDto(h.ExternalId, h.Probability, h.Distance, h.Metadata.ToDto())).ToList();
            }

            return TypedResults.Ok(new SearchResponse(name, hits, scored, ambiguity));
        }, cancellationToken);
    }

    private static SearchQuery QueryOf(EmbeddingBatch embedded, int row, SearchParameters parameters) =>
        new(embedded.Mean(row).ToArray(), embedded.Stddev(row).ToArray(), parameters.K, parameters.MinProbability, parameters.Filter);
}
