namespace PoseSearch.Api.Contracts;

/// <summary>Every model the service has loaded, the default first.</summary>
public sealed record ModelListResponse(IReadOnlyList<LoadedModelDto> Models);

/// <summary>
/// One loaded model: its card, whether new collections get it, and what loading it cost at start-up
/// (seconds; growth of the process's resident memory in MB, measured around the load).
/// </summary>
public sealed record LoadedModelDto(ModelCardResponse Card, bool IsDefault, double? LoadSeconds, double? ResidentMegabytes);
