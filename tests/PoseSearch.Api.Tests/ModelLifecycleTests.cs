using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PoseSearch.Api.Security;
using PoseSearch.Api.Serving;
using PoseSearch.Storage;
using PoseSearch.Storage.Migrations;
using PoseSearch.Api.Tests.Infrastructure;

namespace PoseSearch.Api.Tests;

/// <summary>
/// Several models side by side and online re-embedding (issue 13), through the API on the real
/// PostgreSQL: a collection made by one service version keeps working after an upgrade that loads
/// the old model beside the new default, and is then moved to the new model without re-ingesting.
/// </summary>
[Collection(ServiceTestGroup.Name)]
public sealed class ModelLifecycleTests(ServiceFixture fixture)
{
    private static string Model(string name) => Path.Combine(RepositoryPaths.Root, "onnx-models", name);

    private sealed class Service : IAsyncDisposable
    {
        public Service(string connectionString, string model, params string[] additional)
        {
            var overrides = new Dictionary<string, string?>();
            for (var i = 0; i < additional.Length; i++)
            {
                overrides[$"PoseSearch:Model:AdditionalPaths:{i}"] = additional[i];
            }

            Factory = new ApiFactory(connectionString, model, overrides);
            Client = Factory.CreateClient();
            Client.DefaultRequestHeaders.Add(ApiKeyValidator.HeaderName, ApiFactory.ApiKey);
        }

        public ApiFactory Factory { get; }
        public HttpClient Client { get; }

        public Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected) => JsonResponse.ReadAsync(response, expected);

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Factory.DisposeAsync();
        }
    }

    private async Task<(string Name, object Query)> LegacyCollectionAsync(string model)
    {
        var vectors = TestVectors.Load(Model(model));
        var name = $"legacy-{Guid.NewGuid():N}"[..20];
        await using var old = new Service(fixture.ConnectionString, Model(model));
        await old.JsonAsync(await old.Client.PostAsJsonAsync("/v1/collections", new { name }), HttpStatusCode.Created);
        var items = vectors.Cases.Take(20).Select((c, i) => new { id = $"p{i}", pose = PoseJson.FromCase(c), metadata = new { videoId = "v", frame = i } });
        await old.JsonAsync(await old.Client.PostAsJsonAsync($"/v1/collections/{name}/poses", new { poses = items }), HttpStatusCode.OK);
        return (name, PoseJson.FromCase(vectors.Cases[3]));
    }

    [Fact]
    public async Task An_old_models_collection_keeps_working_beside_the_new_default_and_is_re_embedded_online()
    {
        var (legacy, query) = await LegacyCollectionAsync("prvipe-occlusion-v1");
        await using var service = new Service(fixture.ConnectionString, Model("prvipe-v2"), Model("prvipe-occlusion-v1"));

        var models = (await service.JsonAsync(await service.Client.GetAsync("/v1/models"), HttpStatusCode.OK)).GetProperty("models");
        Assert.Equal(["prvipe-v2", "prvipe-occlusion-v1"], models.EnumerateArray().Select(m => m.GetProperty("card").GetProperty("name").GetString()));
        Assert.True(models[0].GetProperty("isDefault").GetBoolean());
        Assert.True(models[1].GetProperty("loadSeconds").GetDouble() > 0);

        // The old collection is searched with its own model: the query's own stored copy comes first.
        var before = await service.JsonAsync(await service.Client.PostAsJsonAsync($"/v1/collections/{legacy}/search", new { pose = query, k = 3 }), HttpStatusCode.OK);
        Assert.Equal("p3", before.GetProperty("hits")[0].GetProperty("id").GetString());

        // A new collection can be pinned to the old model too, or to an unknown one (400).
        var pinned = await service.JsonAsync(await service.Client.PostAsJsonAsync("/v1/collections", new { name = legacy + "-b", model = "prvipe-occlusion-v1" }), HttpStatusCode.Created);
        Assert.Equal("prvipe-occlusion-v1", pinned.GetProperty("model").GetProperty("name").GetString());
        var unknown = await service.JsonAsync(await service.Client.PostAsJsonAsync("/v1/collections", new { name = legacy + "-c", model = "nope" }), HttpStatusCode.BadRequest);
        Assert.Contains("no loaded model is called 'nope'", unknown.GetProperty("errors").GetProperty("model")[0].GetString());

        // Re-embedding: 202 with a status resource, then the collection is the new model's, same poses.
        var started = await service.Client.PostAsJsonAsync($"/v1/collections/{legacy}/reembed", new { model = "prvipe-v2" });
        var status = await service.JsonAsync(started, HttpStatusCode.Accepted);
        Assert.Equal($"/v1/collections/{legacy}/reembed/{status.GetProperty("id").GetInt64()}", started.Headers.Location?.OriginalString);
        Assert.Equal(20, status.GetProperty("total").GetInt64());
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (status.GetProperty("state").GetString() == "running" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            status = await service.JsonAsync(await service.Client.GetAsync(started.Headers.Location), HttpStatusCode.OK);
        }

        Assert.Equal("done", status.GetProperty("state").GetString());
        Assert.Equal(20, status.GetProperty("done").GetInt64());
        var collection = await service.JsonAsync(await service.Client.GetAsync($"/v1/collections/{legacy}"), HttpStatusCode.OK);
        Assert.Equal(("prvipe-v2", 20), (collection.GetProperty("model").GetProperty("name").GetString(), collection.GetProperty("poseCount").GetInt32()));
        var after = await service.JsonAsync(await service.Client.PostAsJsonAsync($"/v1/collections/{legacy}/search", new { pose = query, k = 3 }), HttpStatusCode.OK);
        Assert.Equal("p3", after.GetProperty("hits")[0].GetProperty("id").GetString());
        // Metadata came along; the stored pose now has the new model's embedding.
        Assert.Equal(3, after.GetProperty("hits")[0].GetProperty("metadata").GetProperty("frame").GetInt32());

        // Re-embedding again to the same model is a conflict; an unknown collection is 404.
        await service.JsonAsync(await service.Client.PostAsJsonAsync($"/v1/collections/{legacy}/reembed", new { model = "prvipe-v2" }), HttpStatusCode.Conflict);
        await service.JsonAsync(await service.Client.PostAsJsonAsync("/v1/collections/nothing-here/reembed", new { }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_collection_of_a_model_that_is_not_loaded_gets_a_409_naming_it()
    {
        var (legacy, query) = await LegacyCollectionAsync("prvipe-occlusion-v1");
        await using var service = new Service(fixture.ConnectionString, Model("prvipe-v2"));

        var problem = await service.JsonAsync(await service.Client.PostAsJsonAsync($"/v1/collections/{legacy}/search", new { pose = query }), HttpStatusCode.Conflict);

        Assert.Equal("The collection's model is not loaded", problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("'prvipe-occlusion-v1'", detail);
        Assert.Contains("PoseSearch:Model:AdditionalPaths", detail);
        var ingest = await service.Client.PostAsJsonAsync($"/v1/collections/{legacy}/poses", new { poses = new[] { new { id = "x", pose = query } } });
        Assert.Equal(HttpStatusCode.Conflict, ingest.StatusCode);
    }

    [Fact]
    public async Task A_re_embedding_left_running_is_resumed_by_the_next_service_start()
    {
        // A run that its process left behind (started, never finished): the next service to start picks it up.
        var (legacy, query) = await LegacyCollectionAsync("prvipe-occlusion-v1");
        ModelIdentity target;
        await using (var old = new Service(fixture.ConnectionString, Model("prvipe-v2")))
        {
            target = old.Factory.Services.GetRequiredService<ModelRegistry>().Default.Identity;
        }

        // Started with no service running, so no worker can take it before the next start.
        await using (var dataSource = PoseSearchDataSource.Create(fixture.ConnectionString))
        {
            var abandoned = await new CollectionReembedder(dataSource, new SchemaParameters { EmbeddingDim = target.EmbeddingDim }).StartAsync(legacy, target);
            Assert.Equal("running", abandoned.State);
        }

        await using var service = new Service(fixture.ConnectionString, Model("prvipe-v2"), Model("prvipe-occlusion-v1"));
        _ = service.Client; // starts the host, and with it the worker
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonElement collection;
        do
        {
            await Task.Delay(200);
            collection = await service.JsonAsync(await service.Client.GetAsync($"/v1/collections/{legacy}"), HttpStatusCode.OK);
        }
        while (collection.GetProperty("model").GetProperty("name").GetString() != "prvipe-v2" && DateTime.UtcNow < deadline);

        Assert.Equal(("prvipe-v2", 20), (collection.GetProperty("model").GetProperty("name").GetString(), collection.GetProperty("poseCount").GetInt32()));
        var after = await service.JsonAsync(await service.Client.PostAsJsonAsync($"/v1/collections/{legacy}/search", new { pose = query, k = 3 }), HttpStatusCode.OK);
        Assert.Equal("p3", after.GetProperty("hits")[0].GetProperty("id").GetString());
    }
}
