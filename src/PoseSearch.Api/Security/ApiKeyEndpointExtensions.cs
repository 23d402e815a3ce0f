namespace PoseSearch.Api.Security;

public static class ApiKeyEndpointExtensions
{
    /// <summary>
    /// Guards the endpoint(s) with the authorization policy of the scope (checked by the
    /// authorization middleware, before the body is read) and documents the 401.
    /// </summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder, ApiKeyScope scope)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new ApiKeyRequirement(scope));
        builder.RequireAuthorization(ApiKeyPolicies.For(scope));
        builder.WithMetadata(new ProducesResponseTypeMetadata(
            StatusCodes.Status401Unauthorized, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        return builder;
    }
}
