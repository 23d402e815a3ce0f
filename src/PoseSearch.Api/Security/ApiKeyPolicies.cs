using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using PoseSearch.Api.Startup;

namespace PoseSearch.Api.Security;

/// <summary>
/// The two authorization policies of the endpoint groups: "write" always needs a valid key; "read"
/// needs one only when PoseSearch:RequireApiKeyForReads is true.
/// </summary>
public static class ApiKeyPolicies
{
    public const string Read = "posesearch:read";
    public const string Write = "posesearch:write";

    public static string For(ApiKeyScope scope) => scope == ApiKeyScope.Write ? Write : Read;

    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyValidator>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(
                ApiKeyAuthenticationHandler.SchemeName, _ => { });
        services.AddAuthorization();
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<PoseSearchOptions>>((o, posesearch) =>
        {
            o.AddPolicy(Write, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
            o.AddPolicy(Read, p =>
            {
                p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName);
                if (posesearch.Value.RequireApiKeyForReads)
                {
                    p.RequireAuthenticatedUser();
                }
                else
                {
                    p.RequireAssertion(_ => true);
                }
            });
        });
        return services;
    }

    /// <summary>The key id of an authenticated request, or null.</summary>
    public static string? KeyId(this ClaimsPrincipal user) => user.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value;
}
