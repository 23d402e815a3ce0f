using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace PoseSearch.Api.OpenApi;

/// <summary>
/// Writes each endpoint's <see cref="EndpointExamples"/> into its request body and response,
/// serialized with the API's own JSON options so the examples look exactly like real traffic;
/// adds examples for the path parameters and for the RFC 7807 error responses too.
/// </summary>
public sealed class ExamplesOperationFilter(IOptions<JsonOptions> jsonOptions) : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (ApiExamples.PathParameters.TryGetValue(parameter.Name ?? "", out var value))
            {
                parameter.Example = JsonValue.Create(value);
            }
        }

        foreach (var (code, errorResponse) in operation.Responses ?? [])
        {
            if (ApiExamples.Problem(code) is { } problem && errorResponse.Content is { } problemContent)
            {
                foreach (var media in problemContent.Values)
                {
                    media.Example = ToNode(problem);
                }
            }
        }

        var examples = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<EndpointExamples>().LastOrDefault();
        if (examples is null)
        {
            return;
        }

        if (examples.Request is not null && operation.RequestBody?.Content is { } requestContent)
        {
            foreach (var media in requestContent.Values)
            {
                media.Example = ToNode(examples.Request);
            }
        }

        var status = examples.ResponseStatus.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (examples.Response is not null && operation.Responses?.TryGetValue(status, out var response) == true && response.Content is { } responseContent)
        {
            foreach (var media in responseContent.Values)
            {
                media.Example = ToNode(examples.Response);
            }
        }
    }

    private JsonNode? ToNode(object value) =>
        JsonNode.Parse(JsonSerializer.Serialize(value, value.GetType(), jsonOptions.Value.SerializerOptions));
}
