namespace PoseSearch.Api.Contracts;

public sealed record CollectionResponse(string Name, string? Description, long PoseCount, CollectionModelDto Model, DateTime CreatedAt);
