namespace PoseSearch.Api.Contracts;

public sealed record CollectionListResponse(IReadOnlyList<CollectionResponse> Collections);
