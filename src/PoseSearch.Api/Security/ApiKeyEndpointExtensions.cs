namespace PoseSearch.Api.Security;

public static class ApiKeyEndpointExtensions
{
    /// <summary>Guards the endpoint(s) with the API key filter for the given scope.</summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder, ApiKeyScope scope)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new ApiKeyRequirement(scope));
        builder.AddEndpointFilter<TBuilder, ApiKeyEndpointFilter>();
        builder.WithMetadata(new ProducesResponseTypeMetadata(
            StatusCodes.Status401Unauthorized, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        return builder;
    }
}
