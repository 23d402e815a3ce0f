using PoseSearch.Api.Contracts;
using PoseSearch.Api.Hardening;
using PoseSearch.Api.OpenApi;
using PoseSearch.Api.Security;
using PoseSearch.Api.Serving;

namespace PoseSearch.Api.Endpoints;

public static class ModelEndpoints
{
    public static RouteGroupBuilder MapModelEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/model", (ModelRegistry models) => TypedResults.Ok(models.Default.Card.ToResponse(models.Default.ExecutionProvider)))
            .WithName("GetModel")
            .WithTags("Model")
            .WithSummary("The loaded model's card")
            .WithDescription("Input layout, embedding dimension D, samples K, scoring constants, licence and validation metrics.")
            .RequireApiKey(ApiKeyScope.Read).WithEndpointKind(EndpointKind.Small)
            .WithExamples(null, ApiExamples.ModelCard);
        return v1;
    }
}
