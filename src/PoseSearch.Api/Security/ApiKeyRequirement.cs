namespace PoseSearch.Api.Security;

/// <summary>Endpoint metadata: this endpoint is guarded by the API key filter (also read by the OpenAPI document).</summary>
public sealed record ApiKeyRequirement(ApiKeyScope Scope);
