using PoseSearch.Api.Hardening;
using PoseSearch.Api.Contracts;
using PoseSearch.Api.OpenApi;
using PoseSearch.Api.Security;
using PoseSearch.Embedding;

namespace PoseSearch.Api.Endpoints;

public static class ModelEndpoints
{
    public static RouteGroupBuilder MapModelEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/model", (PoseEmbedder embedder) => TypedResults.Ok(embedder.Card.ToResponse(embedder.ExecutionProvider)))
            .WithName("GetModel")
            .WithTags("Model")
            .WithSummary("The loaded model's card")
            .WithDescription("Input layout, embedding dimension D, samples K, scoring constants, licence and validation metrics.")
            .RequireApiKey(ApiKeyScope.Read).WithEndpointKind(EndpointKind.Small)
            .Produces<ModelCardResponse>()
            .WithExamples(null, ApiExamples.ModelCard);
        return v1;
    }
}
