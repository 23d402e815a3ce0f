namespace PoseSearch.Storage;

/// <summary>
/// Restricts a search to poses whose metadata matches. Null members do not filter.
/// <see cref="ExtraContainsJson"/> is a JSON object the pose's free metadata must contain (jsonb @>).
/// </summary>
public sealed record SearchFilter(string? VideoId = null, int? Person = null, string? ExtraContainsJson = null)
{
    public static SearchFilter None { get; } = new();

    public bool IsEmpty => VideoId is null && Person is null && ExtraContainsJson is null;
}
