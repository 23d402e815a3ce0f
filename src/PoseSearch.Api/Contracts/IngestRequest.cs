namespace PoseSearch.Api.Contracts;

public sealed record IngestRequest(IReadOnlyList<IngestPoseDto?>? Poses);
