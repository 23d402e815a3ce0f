namespace PoseSearch.Api.OpenApi;

/// <summary>Endpoint metadata: the request and response bodies shown as examples in the OpenAPI document.</summary>
public sealed record EndpointExamples(object? Request, object? Response, int ResponseStatus);

public static class EndpointExamplesExtensions
{
    /// <summary>Attaches OpenAPI examples; null for an endpoint without a body on that side.</summary>
    public static RouteHandlerBuilder WithExamples(this RouteHandlerBuilder builder, object? request, object? response, int responseStatus = StatusCodes.Status200OK) =>
        builder.WithMetadata(new EndpointExamples(request, response, responseStatus));
}
