using System.Net;
using System.Text.Json;

namespace PoseSearch.Api.Tests.Infrastructure;

public static class ProblemAssert
{
    /// <summary>The response is an RFC 7807 problem with this status; returns its JSON.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("title").GetString()));
        return json;
    }

    /// <summary>All texts of a problem (detail and every validation error), for asserting that the problem is named.</summary>
    public static string Text(JsonElement problem)
    {
        var parts = new List<string>();
        if (problem.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
        {
            parts.Add(detail.GetString()!);
        }

        if (problem.TryGetProperty("errors", out var errors))
        {
            foreach (var member in errors.EnumerateObject())
            {
                parts.AddRange(member.Value.EnumerateArray().Select(e => $"{member.Name}: {e.GetString()}"));
            }
        }

        return string.Join(" | ", parts);
    }
}
