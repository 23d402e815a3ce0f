namespace PoseSearch.Storage;

public sealed class CollectionNotFoundException(string name)
    : Exception($"collection '{name}' does not exist")
{
    public string CollectionName { get; } = name;
}
