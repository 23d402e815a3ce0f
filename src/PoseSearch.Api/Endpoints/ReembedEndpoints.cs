using Microsoft.AspNetCore.Http.HttpResults;
using PoseSearch.Api.Contracts;
using PoseSearch.Api.Hardening;
using PoseSearch.Api.OpenApi;
using PoseSearch.Api.Reembedding;
using PoseSearch.Api.Security;
using PoseSearch.Api.Serving;
using PoseSearch.Api.Validation;
using PoseSearch.Storage;

namespace PoseSearch.Api.Endpoints;

/// <summary>Re-embedding a collection with another loaded model, online (issue 13; docs/api.md "Re-embedding").</summary>
public static class ReembedEndpoints
{
    public static RouteGroupBuilder MapReembedEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapPost("/collections/{name}/reembed", Start)
            .WithName("ReembedCollection")
            .WithTags("Collections")
            .WithSummary("Re-embed a collection with another loaded model, online")
            .WithDescription(
                "Returns 202 and a status resource to poll (Location). Every stored pose is embedded again from its stored keypoints in " +
                "batches, into a shadow with its own index; searches keep answering from the old embeddings until the collection switches " +
                "over in one transaction; ingests meanwhile end up in both. A restart resumes the run; a failed run leaves the collection as it was.")
            .RequireApiKey(ApiKeyScope.Write).WithEndpointKind(EndpointKind.Small)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithExamples(ApiExamples.ReembedRequest, ApiExamples.ReembedStatus, StatusCodes.Status202Accepted);

        v1.MapGet("/collections/{name}/reembed/{jobId:long}", Status)
            .WithName("GetReembedStatus")
            .WithTags("Collections")
            .WithSummary("Progress of a re-embedding run: done / total, rate, time left")
            .RequireApiKey(ApiKeyScope.Read).WithEndpointKind(EndpointKind.Small)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithExamples(null, ApiExamples.ReembedStatus);
        return v1;
    }

    private static async Task<Results<Accepted<ReembedStatusResponse>, ValidationProblem>> Start(
        string name, ReembedRequest? request, ModelRegistry models, CollectionReembedder reembedder, ReembedWorker worker, CancellationToken cancellationToken)
    {
        if (!Names.IsValidCollectionName(name))
        {
            throw new CollectionNotFoundException(name);
        }

        var errors = new ValidationErrors();
        var model = request?.Model is { } wanted ? models.FindByNameOrSha(wanted) : models.Default;
        if (model is null)
        {
            errors.Add("model", models.NotASingleFrameModel(request!.Model!));
            return errors.ToProblem();
        }

        // A running job of the same model is returned as it is (a retried request starts nothing new).
        var job = await reembedder.StartAsync(name, model.Identity, cancellationToken);
        worker.Enqueue(job);
        return TypedResults.Accepted($"/v1/collections/{name}/reembed/{job.Id}", ToResponse(job));
    }

    private static async Task<Results<Ok<ReembedStatusResponse>, ProblemHttpResult>> Status(
        string name, long jobId, CollectionReembedder reembedder, CancellationToken cancellationToken)
    {
        var id = jobId;
        var job = Names.IsValidCollectionName(name) ? await reembedder.GetAsync(name, id, cancellationToken) : null;
        return job is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Re-embedding run not found", detail: $"collection '{name}' has no re-embedding run {id}")
            : TypedResults.Ok(ToResponse(job));
    }

    internal static ReembedStatusResponse ToResponse(ReembedJob job)
    {
        var seconds = ((job.FinishedAt ?? job.UpdatedAt) - job.StartedAt).TotalSeconds;
        double? rate = job.Done > 0 && seconds > 0 ? job.Done / seconds : null;
        double? eta = job.State == "running" && rate is > 0 ? Math.Max(0, job.Total - job.Done) / rate : job.State == "running" ? null : 0;
        return new ReembedStatusResponse(job.Id, job.Collection, job.ModelName, job.ModelSha256, job.State, job.Done, job.Total,
            rate is { } r ? Math.Round(r, 1) : null, eta is { } e ? Math.Round(e, 1) : null, job.Error, job.StartedAt, job.UpdatedAt, job.FinishedAt);
    }
}
