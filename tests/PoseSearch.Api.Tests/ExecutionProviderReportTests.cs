using System.Text.Json;
using PoseSearch.Api.Tests.Infrastructure;

namespace PoseSearch.Api.Tests;

/// <summary>
/// Which execution provider runs the model is visible without reading the log: in the model card
/// (GET /v1/model) and in the readiness report's model check. The CPU build here runs on the CPU.
/// </summary>
[Collection(ServiceTestGroup.Name)]
public sealed class ExecutionProviderReportTests(ServiceFixture fixture)
{
    [Fact]
    public async Task The_model_card_and_readiness_name_the_provider_in_use()
    {
        using var card = JsonDocument.Parse(await fixture.Client.GetStringAsync("/v1/model"));
        Assert.Equal("Cpu", card.RootElement.GetProperty("executionProvider").GetString());

        using var ready = JsonDocument.Parse(await fixture.Anonymous.GetStringAsync("/health/ready"));
        var model = ready.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "model");
        Assert.Equal("Healthy", model.GetProperty("status").GetString());
        Assert.EndsWith(" on Cpu", model.GetProperty("description").GetString());
    }
}
