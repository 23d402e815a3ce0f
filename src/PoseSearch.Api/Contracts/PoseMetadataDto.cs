using System.Text.Json;

namespace PoseSearch.Api.Contracts;

/// <summary>
/// Where a pose comes from: video id, frame number, timestamp (seconds into the video), person
/// (index or track id) and free JSON (an object) under <see cref="Extra"/>.
/// </summary>
public sealed record PoseMetadataDto(string? VideoId = null, int? Frame = null, double? Timestamp = null, int? Person = null, JsonElement? Extra = null);
