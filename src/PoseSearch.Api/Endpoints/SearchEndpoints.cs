using PoseSearch.Api.Hardening;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PoseSearch.Api.Contracts;
using PoseSearch.Api.OpenApi;
using PoseSearch.Api.Security;
using PoseSearch.Api.Validation;
using PoseSearch.Embedding;
using PoseSearch.Storage;

namespace PoseSearch.Api.Endpoints;

public static class SearchEndpoints
{
    public const int DefaultK = 10;

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
            .Produces<SearchResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithExamples(ApiExamples.SearchRequest, ApiExamples.SearchResponse);
        return v1;
    }

    private static async Task<IResult> Search(
        string name,
        SearchRequest request,
        PoseConverter converter,
        PoseEmbedder embedder,
        MicroBatchingEmbedder batcher,
        ModelIdentity model,
        TwoStageSearch search,
        IOptions<SearchOptions> searchOptions,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var k = request.K ?? DefaultK;
        var maxK = searchOptions.Value.MaxK;
        if (k < 1 || k > maxK)
        {
            errors.Add("k", $"must be between 1 and {maxK}, got {k}");
        }

        var minProbability = request.MinProbability ?? 0.0;
        if (!(minProbability >= 0.0 && minProbability <= 1.0))
        {
            errors.Add("minProbability", $"must be between 0 and 1, got {minProbability}");
        }

        if (request.Filter?.VideoId is { Length: > 200 })
        {
            errors.Add("filter.videoId", "at most 200 characters");
        }

        TextRules.Check(request.Filter?.VideoId, "filter.videoId", errors);
        TextRules.CheckExtra(request.Filter?.Extra, "filter.extra", errors);
        if (!Names.IsValidCollectionName(name))
        {
            throw new CollectionNotFoundException(name); // cannot exist; the database is not asked
        }

        var pose = converter.Convert(request.Pose, "pose", errors);
        if (errors.HasErrors || pose is null)
        {
            return errors.ToProblem();
        }

        // An unknown collection surfaces from the search itself (404), after one cheap embedding.
        var (mean, stddev) = await batcher.EmbedAsync(pose, cancellationToken);
        var filter = new SearchFilter(
            request.Filter?.VideoId,
            request.Filter?.Person,
            request.Filter?.Extra is { ValueKind: JsonValueKind.Object } e ? e.GetRawText() : null);
        var result = await search.SearchAsync(
            name,
            model,
            embedder.MatchModel,
            new SearchQuery(mean, stddev, k, (float)minProbability, filter),
            cancellationToken);

        var hits = result.Hits.Select(h => new SearchHitDto(h.ExternalId, h.Probability, h.Distance, h.Metadata.ToDto())).ToList();
        return TypedResults.Ok(new SearchResponse(name, hits, result.CandidatesScored));
    }
}
