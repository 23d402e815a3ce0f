using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using PoseSearch.Api.Security;
using PoseSearch.Api.Startup;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace PoseSearch.Api.OpenApi;

/// <summary>Marks the operations that need X-Api-Key (all writes; reads when so configured).</summary>
public sealed class ApiKeySecurityOperationFilter(IOptions<PoseSearchOptions> options) : IOperationFilter
{
    public const string SchemeName = "ApiKey";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var requirement = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<ApiKeyRequirement>().LastOrDefault();
        if (requirement is null || (requirement.Scope == ApiKeyScope.Read && !options.Value.RequireApiKeyForReads))
        {
            return;
        }

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [],
        });
    }
}
