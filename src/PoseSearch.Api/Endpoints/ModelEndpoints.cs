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
            .WithSummary("The default model's card")
            .WithDescription("Input layout, embedding dimension D, samples K, scoring constants, licence and validation metrics.")
            .RequireApiKey(ApiKeyScope.Read).WithEndpointKind(EndpointKind.Small)
            .WithExamples(null, ApiExamples.ModelCard);

        v1.MapGet("/models", (ModelRegistry models) => TypedResults.Ok(new ModelListResponse(models.All
                .Select(m => Loaded(m.Card, m.ExecutionProvider, m == models.Default, m.LoadCost))
                .Concat(models.Temporal.Select(m => Loaded(m.Card, m.ExecutionProvider, false, m.LoadCost)))
                .ToList())))
            .WithName("ListModels")
            .WithTags("Model")
            .WithSummary("Every loaded model")
            .WithDescription("The default model (new collections, /v1/embeddings, /v1/match) and any additional ones (PoseSearch:Model:AdditionalPaths); each collection is searched with the model that embedded it. " +
                "Temporal models (card.kind \"temporal\", with card.window) come last: they serve the \"temporal\" distance of /v1/align, never a collection.")
            .RequireApiKey(ApiKeyScope.Read).WithEndpointKind(EndpointKind.Small)
            .WithExamples(null, ApiExamples.ModelList);
        return v1;
    }

    private static LoadedModelDto Loaded(Embedding.ModelCard card, Embedding.ExecutionProviderKind provider, bool isDefault, ModelLoadCost? cost) =>
        new(card.ToResponse(provider), isDefault, cost?.Seconds, cost is { } c ? Math.Round(c.ResidentBytes / 1048576.0, 1) : null);
}
