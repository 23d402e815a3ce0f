using System.Net;
using PoseSearch.Api.Hardening;
using PoseSearch.Web.Tests.Infrastructure;

namespace PoseSearch.Web.Tests;

/// <summary>How the service serves the page: at "/", under a Content Security Policy without inline code, switchable off.</summary>
[Collection(WebUiTestGroup.Name)]
public sealed class WebUiServingTests(WebUiFixture fixture)
{
    [Fact]
    public async Task The_page_is_served_at_the_root_with_a_policy_that_allows_only_its_own_scripts_and_styles()
    {
        var response = await fixture.Api.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"ui/app.js\"></script>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Equal(SecurityHeadersMiddleware.WebUiPolicy, csp);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());

        var script = await fixture.Api.GetAsync("/ui/app.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);

        // API answers keep the policy that allows nothing.
        var model = await fixture.Api.GetAsync("/v1/model");
        Assert.Equal(SecurityHeadersMiddleware.ApiPolicy, model.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task With_the_web_UI_switched_off_the_root_goes_to_swagger_and_the_files_are_not_served()
    {
        await using var host = new ServiceHost(fixture.ConnectionString, fixture.ModelFolder,
            new Dictionary<string, string?> { ["PoseSearch:WebUi:Enabled"] = "false" });
        using var client = host.CreateClient(new() { AllowAutoRedirect = false });

        var root = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/swagger", root.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/ui/app.js")).StatusCode);
    }
}
