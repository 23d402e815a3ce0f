using System.Text.Json;
using PoseSearch.Api.Tests.Infrastructure;

namespace PoseSearch.Api.Tests;

/// <summary>The OpenAPI document lists every v1 endpoint with examples, and marks the writes as needing the key.</summary>
[Collection(ServiceTestGroup.Name)]
public sealed class OpenApiTests(ServiceFixture fixture)
{
    [Fact]
    public async Task Endpoints_that_use_the_database_document_503_and_the_model_only_ones_do_not()
    {
        var paths = JsonDocument.Parse(await fixture.Anonymous.GetStringAsync("/swagger/v1/swagger.json")).RootElement.GetProperty("paths");
        bool Has503(string path, string method) => paths.GetProperty(path).GetProperty(method).GetProperty("responses").TryGetProperty("503", out _);

        Assert.True(Has503("/v1/collections/{name}/search", "post"));
        Assert.True(Has503("/v1/collections/{name}/poses", "post"));
        Assert.True(Has503("/v1/collections", "get"));
        Assert.False(Has503("/v1/embeddings", "post"));
        Assert.False(Has503("/v1/match", "post"));
    }

    [Theory]
    [InlineData("/v1/collections/{name}/search", "post", "401,413,429,503,504")]
    [InlineData("/v1/collections/{name}/poses", "post", "401,413,429,503")]
    [InlineData("/v1/embeddings", "post", "401,413,429,504")]
    [InlineData("/v1/match", "post", "401,413,429,504")]
    [InlineData("/v1/align", "post", "401,413,429,504")]
    [InlineData("/v1/collections/{name}/search/sequence", "post", "401,413,429,503,504")]
    [InlineData("/v1/collections", "post", "401,503")]
    [InlineData("/v1/collections/{name}/poses/{id}", "delete", "401,503")]
    public async Task Refusals_are_documented(string path, string method, string statuses)
    {
        var responses = JsonDocument.Parse(await fixture.Anonymous.GetStringAsync("/swagger/v1/swagger.json")).RootElement
            .GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");
        foreach (var status in statuses.Split(','))
        {
            Assert.True(responses.TryGetProperty(status, out _), $"{method} {path} does not document {status}");
        }
    }

    [Fact]
    public async Task Every_endpoint_has_an_example_and_writes_require_the_api_key()
    {
        var document = JsonDocument.Parse(await fixture.Anonymous.GetStringAsync("/swagger/v1/swagger.json")).RootElement;
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name.ToUpperInvariant(), Operation: o.Value)))
            .ToList();

        string[] expected =
        [
            "POST /v1/embeddings", "POST /v1/match", "GET /v1/model",
            "POST /v1/collections", "GET /v1/collections", "GET /v1/collections/{name}", "DELETE /v1/collections/{name}",
            "POST /v1/collections/{name}/poses", "GET /v1/collections/{name}/poses/{id}", "DELETE /v1/collections/{name}/poses/{id}",
            "POST /v1/collections/{name}/search", "GET /v1/models",
            "POST /v1/collections/{name}/reembed", "GET /v1/collections/{name}/reembed/{jobId}",
            "POST /v1/align", "POST /v1/collections/{name}/search/sequence",
            "POST /v1/collections/{name}/windows", "GET /v1/collections/{name}/windows",
        ];
        Assert.Equal(expected.Order(), operations.Select(o => $"{o.Method} {o.Path}").Order());

        foreach (var (path, method, operation) in operations)
        {
            var label = $"{method} {path}";
            var examples = new List<JsonElement>();
            if (operation.TryGetProperty("requestBody", out var body))
            {
                examples.AddRange(body.GetProperty("content").EnumerateObject().Select(c => c.Value.GetProperty("example")));
            }

            foreach (var response in operation.GetProperty("responses").EnumerateObject())
            {
                if (response.Value.TryGetProperty("content", out var content))
                {
                    examples.AddRange(content.EnumerateObject().Where(c => c.Value.TryGetProperty("example", out _)).Select(c => c.Value.GetProperty("example")));
                }
            }

            Assert.True(examples.Count > 0 || method == "DELETE", $"{label} has no example");
            if (operation.TryGetProperty("parameters", out var parameters))
            {
                Assert.All(parameters.EnumerateArray(), p => Assert.True(p.TryGetProperty("example", out _), $"{label} parameter {p.GetProperty("name")} has no example"));
            }

            var secured = operation.TryGetProperty("security", out var security) && security.GetArrayLength() > 0;
            Assert.True(secured == (method is "DELETE" || label is "POST /v1/collections" or "POST /v1/collections/{name}/poses" or "POST /v1/collections/{name}/reembed" or "POST /v1/collections/{name}/windows"),
                $"{label}: security requirement {(secured ? "present" : "missing")}");
        }

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
    }
}
