namespace PoseSearch.Api.Security;

/// <summary>What an endpoint does: writes always need a key; reads only when configured so.</summary>
public enum ApiKeyScope
{
    Read,
    Write,
}
