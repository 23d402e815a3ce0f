using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using PoseSearch.Api.Contracts;
using PoseSearch.Api.Hardening;
using PoseSearch.Api.OpenApi;
using PoseSearch.Api.Security;
using PoseSearch.Api.Serving;
using PoseSearch.Api.Validation;
using PoseSearch.Storage;
using PoseSearch.Storage.Migrations;
using PoseSearch.Storage.Sequences;

namespace PoseSearch.Api.Endpoints;

/// <summary>A collection's temporal windows, which sequence search shortlists through (issue 14, item 3; docs/api.md "Temporal windows").</summary>
public static class WindowEndpoints
{
    public static IServiceCollection AddWindowBuilding(this IServiceCollection services) => services
        .AddSingleton(sp => new PoseWindowBuilder(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<SchemaParameters>()))
        .AddSingleton<PoseWindowSetReader>();

    public static RouteGroupBuilder MapWindowEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapPost("/collections/{name}/windows", Build)
            .WithName("BuildWindows")
            .WithTags("Sequences")
            .WithSummary("(Re)build a collection's temporal windows with the loaded temporal model")
            .WithDescription(
                "Synchronous: embeds the window of T frames centred on every stored track frame (videoId, person; the ends padded by " +
                "repeating the end frame) with the loaded temporal model and replaces the collection's windows in one transaction. " +
                "Bounded by the ingest request timeout (PoseSearch:RequestTimeouts:IngestSeconds, 60 s by default; a build cut short writes nothing); larger collections use " +
                "`posesearch windows build`. 400 when no temporal model is loaded.")
            .RequireApiKey(ApiKeyScope.Write).WithEndpointKind(EndpointKind.Ingest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithExamples(null, SequenceExamples.WindowSet);

        v1.MapGet("/collections/{name}/windows", Get)
            .WithName("GetWindows")
            .WithTags("Sequences")
            .WithSummary("A collection's temporal windows: model, count, when built, stale or not")
            .RequireApiKey(ApiKeyScope.Read).WithEndpointKind(EndpointKind.Small)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithExamples(null, SequenceExamples.WindowSet);
        return v1;
    }

    private static async Task<Results<Ok<WindowSetResponse>, ValidationProblem>> Build(
        string name, ModelRegistry models, PoseWindowBuilder builder, CancellationToken cancellationToken)
    {
        if (!Names.IsValidCollectionName(name))
        {
            throw new CollectionNotFoundException(name);
        }

        var errors = new ValidationErrors();
        if (models.DefaultTemporal is not { } temporal)
        {
            errors.Add("model", "building windows needs a temporal model, and this service loads none: add its folder (e.g. onnx-models/prvipe-temporal-v1) to PoseSearch:Embedding:Models");
            return errors.ToProblem();
        }

        PoseWindowSet set;
        try
        {
            set = await builder.BuildAsync(name, Identity(temporal), temporal.Window.Length, temporal.Window.Stride,
                async (windows, ct) =>
                {
                    var batch = await temporal.EmbedAsync(windows, ct);
                    return (batch.Means, batch.Stddevs);
                },
                cancellationToken: cancellationToken);
        }
        catch (ArgumentException e)
        {
            errors.Add("model", e.Message);
            return errors.ToProblem();
        }

        return TypedResults.Ok(ToResponse(name, set));
    }

    private static async Task<Results<Ok<WindowSetResponse>, ProblemHttpResult>> Get(
        string name, PoseWindowSetReader sets, CollectionStore collections, CancellationToken cancellationToken)
    {
        var set = Names.IsValidCollectionName(name) ? await sets.GetAsync(name, cancellationToken) : null;
        if (set is not null)
        {
            return TypedResults.Ok(ToResponse(name, set));
        }

        if (!Names.IsValidCollectionName(name) || !await collections.ExistsAsync(name, cancellationToken))
        {
            throw new CollectionNotFoundException(name);
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No windows",
            detail: $"collection '{name}' has no temporal windows: build them with POST /v1/collections/{name}/windows");
    }

    internal static ModelIdentity Identity(ServedWindowModel model) => new(model.Card.Name, model.Card.Sha256, model.Card.EmbeddingDim);

    internal static WindowSetResponse ToResponse(string collection, PoseWindowSet set) =>
        new(collection, set.ModelName, set.ModelSha256, set.WindowCount, set.PoseCount, set.BuiltAt, set.Stale);
}
