using System.Net;
using System.Text.Json;

namespace PoseSearch.Api.Tests.Infrastructure;

public static class JsonResponse
{
    /// <summary>The response's JSON body, after asserting its status (the body is in the failure message).</summary>
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
