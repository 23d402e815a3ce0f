using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PoseSearch.Api.Contracts;
using PoseSearch.Api.Hardening;
using PoseSearch.Api.OpenApi;
using PoseSearch.Api.Security;
using PoseSearch.Api.Serving;
using PoseSearch.Api.Startup;
using PoseSearch.Api.Validation;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Scoring;

namespace PoseSearch.Api.Endpoints;

public static class EmbeddingsEndpoints
{
    public static RouteGroupBuilder MapEmbeddingsEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapPost("/embeddings", Embed)
            .WithName("CreateEmbeddings")
            .WithTags("Embeddings")
            .WithSummary("Embed a batch of poses")
            .WithDescription("Returns the Gaussian embedding (mean and stddev, D values each) of every pose, in request order.")
            .RequireApiKey(ApiKeyScope.Read).WithEndpointKind(EndpointKind.Embeddings)
            .WithExamples(ApiExamples.EmbeddingsRequest, ApiExamples.EmbeddingsResponse);
        return v1;
    }

    private static async Task<Results<Ok<EmbeddingsResponse>, ValidationProblem>> Embed(
        EmbeddingsRequest request, PoseConverter converter, ModelRegistry models, IOptions<PoseSearchOptions> options, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var poses = ConvertBatch(request.Poses, "poses", options.Value.MaxEmbeddingBatch, converter, errors);
        if (errors.HasErrors)
        {
            return errors.ToProblem();
        }

        var model = models.Default;
        var batch = await model.EmbedAsync(poses, cancellationToken);
        var embeddings = Enumerable.Range(0, batch.Count)
            .Select(i => new EmbeddingDto(batch.Mean(i).ToArray(), batch.Stddev(i).ToArray(), PoseAmbiguity.Compute(model.Scorer, batch.Mean(i), batch.Stddev(i))))
            .ToList();
        return TypedResults.Ok(new EmbeddingsResponse(model.Card.Name, batch.Dimension, embeddings));
    }

    /// <summary>Checks the batch size and converts every pose; problems go to <paramref name="errors"/>.</summary>
    internal static List<ModelPose> ConvertBatch(
        IReadOnlyList<PoseDto?>? poses, string path, int maxBatch, PoseConverter converter, ValidationErrors errors)
    {
        var result = new List<ModelPose>();
        if (poses is null || poses.Count == 0)
        {
            errors.Add(path, "at least one pose is required");
            return result;
        }

        if (poses.Count > maxBatch)
        {
            errors.Add(path, $"at most {maxBatch} poses per request, got {poses.Count}");
            return result;
        }

        for (var i = 0; i < poses.Count; i++)
        {
            if (errors.IsFull)
            {
                errors.Add(path, $"{path}[{i}] and later were not checked");
                break;
            }

            if (converter.Convert(poses[i], $"{path}[{i}]", errors) is { } pose)
            {
                result.Add(pose);
            }
        }

        return result;
    }
}
