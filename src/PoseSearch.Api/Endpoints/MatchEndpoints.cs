using Microsoft.AspNetCore.Http.HttpResults;
using PoseSearch.Api.Contracts;
using PoseSearch.Api.Hardening;
using PoseSearch.Api.OpenApi;
using PoseSearch.Api.Security;
using PoseSearch.Api.Serving;
using PoseSearch.Api.Validation;
using PoseSearch.Core.Scoring;

namespace PoseSearch.Api.Endpoints;

public static class MatchEndpoints
{
    public static RouteGroupBuilder MapMatchEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapPost("/match", Match)
            .WithName("MatchPoses")
            .WithTags("Match")
            .WithSummary("Match probability of two poses")
            .WithDescription("The learned probability that the two 2D poses show the same 3D pose (from any camera), and distance = -ln(probability).")
            .RequireApiKey(ApiKeyScope.Read).WithEndpointKind(EndpointKind.Match)
            .WithExamples(ApiExamples.MatchRequest, ApiExamples.MatchResponse);
        return v1;
    }

    private static async Task<Results<Ok<MatchResponse>, ValidationProblem>> Match(
        MatchRequest request, PoseConverter converter, ModelRegistry models, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var a = converter.Convert(request.A, "a", errors);
        var b = converter.Convert(request.B, "b", errors);
        if (errors.HasErrors || a is null || b is null)
        {
            return errors.ToProblem();
        }

        var model = models.Default;
        var batch = await model.EmbedAsync([a, b], cancellationToken);
        var probability = model.Scorer.Probability(batch.Mean(0), batch.Stddev(0), batch.Mean(1), batch.Stddev(1));
        return TypedResults.Ok(new MatchResponse(model.Card.Name, probability, MatchProbabilityModel.Distance(probability)));
    }
}
