using Microsoft.Extensions.Options;
using PoseSearch.Api.Startup;

namespace PoseSearch.Api.Security;

/// <summary>
/// Rejects requests without a valid X-Api-Key with 401 ProblemDetails before the endpoint runs,
/// so a rejected request cannot write anything.
/// </summary>
public sealed class ApiKeyEndpointFilter(ApiKeyValidator validator, IOptions<PoseSearchOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var requirement = http.GetEndpoint()?.Metadata.GetMetadata<ApiKeyRequirement>();
        var needed = requirement is null || requirement.Scope == ApiKeyScope.Write || options.Value.RequireApiKeyForReads;
        if (!needed)
        {
            return await next(context);
        }

        var presented = http.Request.Headers[ApiKeyValidator.HeaderName].ToString();
        if (validator.IsValid(presented))
        {
            return await next(context);
        }

        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: string.IsNullOrEmpty(presented) ? "API key missing" : "API key invalid",
            detail: $"This endpoint needs a valid key in the {ApiKeyValidator.HeaderName} header.");
    }
}
