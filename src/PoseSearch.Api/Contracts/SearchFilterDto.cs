using System.Text.Json;

namespace PoseSearch.Api.Contracts;

/// <summary>Only poses whose metadata matches every given member: video id, person, and free JSON the pose's extra contains.</summary>
public sealed record SearchFilterDto(string? VideoId = null, int? Person = null, JsonElement? Extra = null);
