namespace PoseSearch.Api.Tests.Fuzz;

/// <summary>One generated request: raw method, target and body bytes, as a hostile client sends them.</summary>
public sealed record FuzzRequest(string Kind, string Method, string Target, byte[] Body, string? ContentType, string? ApiKey)
{
    /// <summary>Bodies this large may be refused while they are still being sent (a reset after a 413 is fine).</summary>
    public bool Oversize => Body.Length > 60_000;

    public override string ToString() =>
        $"{Kind}: {Method} {(Target.Length > 120 ? Target[..120] + "..." : Target)} ({Body.Length} bytes, {ContentType ?? "no content type"}, key {(ApiKey is null ? "none" : ApiKey.Length < 10 ? "short" : "some")})";
}
