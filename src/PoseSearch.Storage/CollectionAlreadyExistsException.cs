namespace PoseSearch.Storage;

public sealed class CollectionAlreadyExistsException(string name)
    : Exception($"collection '{name}' already exists")
{
    public string CollectionName { get; } = name;
}
