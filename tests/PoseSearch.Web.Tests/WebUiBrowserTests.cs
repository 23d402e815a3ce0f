using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PoseSearch.Core.Keypoints;
using PoseSearch.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PoseSearch.Web.Tests;

/// <summary>
/// The web UI in headless chromium against the real service and PostgreSQL: what a user does
/// (pose the figure, upload a detector file, open the tabs) and what the API answers to the same
/// query. One browser and one service for all of them (<see cref="WebUiFixture"/>).
/// </summary>
[Collection(WebUiTestGroup.Name)]
public sealed partial class WebUiBrowserTests(WebUiFixture fixture)
{
    private static readonly Regex SearchDone = MatchesStatus();

    [Fact]
    public async Task The_page_loads_without_console_errors_and_shows_the_collections_and_the_model_card()
    {
        await using var browser = await fixture.OpenAsync();
        var page = browser.Page;

        var response = await page.GotoAsync("/");
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        await Expect(page.Locator("#collection")).ToHaveValueAsync(WebUiFixture.Collection);

        // The page's copy of the layouts is the service's.
        var layouts = await page.EvaluateAsync<Dictionary<string, string[]>>("async () => (await import('/ui/layouts.js')).LAYOUTS");
        Assert.Equal(KeypointLayouts.All.Select(l => l.Name).Order(), layouts.Keys.Order());
        foreach (var layout in KeypointLayouts.All)
        {
            Assert.Equal(layout.JointNames, layouts[layout.Name]);
        }

        await page.GetByRole(AriaRole.Tab, new() { Name = "Collections" }).ClickAsync();
        var row = page.Locator("#collections-table tbody tr", new() { Has = page.Locator($"th:text-is('{WebUiFixture.Collection}')") });
        await Expect(row).ToContainTextAsync(WebUiFixture.SeedCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Screenshots.SaveAsync(page, "collections");

        var modelName = JsonNode.Parse(await fixture.Api.GetStringAsync("/v1/model"))!["name"]!.GetValue<string>();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Model" }).ClickAsync();
        await Expect(page.Locator("#model-card")).ToContainTextAsync(modelName);
        await Expect(page.Locator("#panel-search")).ToBeHiddenAsync();
        await Screenshots.SaveAsync(page, "model-card");

        Assert.Empty(browser.ConsoleErrors);
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task Dragging_a_joint_and_searching_draws_the_hits_the_API_returns_for_the_same_query()
    {
        await using var browser = await fixture.OpenAsync();
        var page = browser.Page;
        await page.GotoAsync("/");
        await Expect(page.Locator("#collection")).ToHaveValueAsync(WebUiFixture.Collection);
        await page.Locator("#preset").SelectOptionAsync("armsUp");
        await page.Locator("#apply-preset").ClickAsync();

        // Drag the left wrist (model joint 5, preset at 255, 35) down and outwards.
        var wrist = page.Locator("#editor circle[data-joint='5']");
        var box = (await wrist.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + box.Width / 2 + 60, box.Y + box.Height / 2 + 150, new() { Steps = 8 });
        await page.Mouse.UpAsync();

        var body = await SearchAsync(page, () => page.Locator("#search").ClickAsync());
        var wristSent = body["pose"]!["keypoints"]![5]!;
        Assert.True(wristSent["x"]!.GetValue<double>() > 255 + 30, $"the dragged wrist was sent at {wristSent.ToJsonString()}");
        Assert.True(wristSent["y"]!.GetValue<double>() > 35 + 80, $"the dragged wrist was sent at {wristSent.ToJsonString()}");

        var drawn = await DrawnHitIdsAsync(page);
        Assert.NotEmpty(drawn);
        Assert.Equal(await ApiHitIdsAsync(body), drawn);
        await Screenshots.SaveAsync(page, "search-1280x800");

        // "More like this" on the second hit: its stored pose becomes the query.
        var second = drawn[1];
        var stored = JsonNode.Parse(await fixture.Api.GetStringAsync($"/v1/collections/{WebUiFixture.Collection}/poses/{Uri.EscapeDataString(second)}"))!;
        var moreBody = await SearchAsync(page, () => page.Locator($"#results li[data-id='{second}'] button", new() { HasText = "More like this" }).ClickAsync());
        Assert.True(JsonNode.DeepEquals(stored["pose"], moreBody["pose"]), $"sent {moreBody["pose"]!.ToJsonString()}, stored {stored["pose"]!.ToJsonString()}");
        await Expect(page.Locator("#query-source")).ToContainTextAsync($"more like {second}");
        Assert.Equal(await ApiHitIdsAsync(moreBody), await DrawnHitIdsAsync(page));
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task Mirror_and_a_joint_marked_missing_shape_the_query_that_is_sent()
    {
        await using var browser = await fixture.OpenAsync();
        var page = browser.Page;
        await page.GotoAsync("/");
        await Expect(page.Locator("#collection")).ToHaveValueAsync(WebUiFixture.Collection);
        await page.Locator("#preset").SelectOptionAsync("kick");
        await page.Locator("#apply-preset").ClickAsync();
        await page.Locator("#mirror").ClickAsync();
        await page.Locator("#editor circle[data-joint='6']").FocusAsync(); // right wrist
        await page.Keyboard.PressAsync("m");
        await page.Locator("#editor circle[data-joint='0']").FocusAsync(); // nose
        await page.Keyboard.PressAsync("ArrowRight");

        var keypoints = (await SearchAsync(page, () => page.Locator("#search").ClickAsync()))["pose"]!["keypoints"]!.AsArray();

        // The kick preset mirrored in the 400-wide box: x -> 400 - x, left and right swapped.
        Assert.Equal(400 - 215 + 5, keypoints[0]!["x"]!.GetValue<double>()); // nose, then one arrow step right
        Assert.Equal((400 - 180.0, 130.0), Point(keypoints[1]!)); // left shoulder <- right shoulder
        Assert.Equal((400 - 45.0, 285.0), Point(keypoints[11]!)); // left ankle <- the kicking right ankle
        Assert.Equal((400 - 248.0, 440.0), Point(keypoints[12]!));
        Assert.Equal(0, keypoints[6]!["confidence"]!.GetValue<double>()); // the right wrist, marked missing
        await Expect(page.Locator("#results > li").First).ToBeVisibleAsync();
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task A_COCO_results_file_upload_searches_with_the_person_picked_at_phone_width()
    {
        await using var browser = await fixture.OpenAsync(390, 844);
        var page = browser.Page;
        await page.GotoAsync("/");
        await Expect(page.Locator("#collection")).ToHaveValueAsync(WebUiFixture.Collection);
        var file = TempFile("detections.json", new JsonArray(
            SeedPoses.CocoDetection(fixture.Seed.Poses[7], imageId: 42, score: 0.97f),
            SeedPoses.CocoDetection(fixture.Seed.Poses[22], imageId: 42, score: 0.88f)).ToJsonString());

        var body = await SearchAsync(page, () => page.Locator("#file").SetInputFilesAsync(file));
        Assert.Equal("coco17", body["pose"]!["layout"]!.GetValue<string>());
        Assert.Equal(17, body["pose"]!["keypoints"]!.AsArray().Count);
        var drawn = await DrawnHitIdsAsync(page);
        Assert.Equal(await ApiHitIdsAsync(body), drawn);
        Assert.Contains(SeedPoses.Id(7), drawn); // the stored pose the first detection was made from
        await Expect(page.Locator("#query-source")).ToContainTextAsync("detection 0");

        await page.Locator("#person-pick").SelectOptionAsync("1");
        var second = await SearchAsync(page, () => page.Locator("#search").ClickAsync());
        Assert.Equal(await ApiHitIdsAsync(second), await DrawnHitIdsAsync(page));
        Assert.Contains(SeedPoses.Id(22), await DrawnHitIdsAsync(page));

        // Nothing wider than the phone's screen.
        var overflowing = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('body, body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)" +
            ".map(e => `${e.tagName.toLowerCase()}#${e.id}.${e.className?.baseVal ?? e.className}: ${Math.round(e.getBoundingClientRect().right)}`)");
        Assert.True(overflowing.Length == 0, "wider than the screen: " + string.Join("; ", overflowing));
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        var (scrollWidth, clientWidth) = (widths[0], widths[1]);
        var scrolling = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('main *')].filter(e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)" +
            ".map(e => `${e.tagName.toLowerCase()}#${e.id}: ${e.scrollWidth} in ${e.clientWidth}`)");
        Assert.True(scrollWidth <= clientWidth, $"the page scrolls sideways: {scrollWidth} px wide in {clientWidth} px ({string.Join("; ", scrolling)})");
        await page.EvaluateAsync("() => window.scrollTo(0, document.getElementById('editor').getBoundingClientRect().top + window.scrollY - 8)");
        await Screenshots.SaveAsync(page, "upload-phone", fullPage: false);
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task A_bad_file_shows_a_readable_error()
    {
        await using var browser = await fixture.OpenAsync();
        var page = browser.Page;
        await page.GotoAsync("/");
        await Expect(page.Locator("#collection")).ToHaveValueAsync(WebUiFixture.Collection);
        var fileError = page.Locator("#file-error");

        await page.Locator("#file").SetInputFilesAsync(TempFile("notes.txt", "these are not keypoints"));
        await Expect(fileError).ToBeVisibleAsync();
        await Expect(fileError).ToContainTextAsync("notes.txt is not valid JSON");
        await Expect(fileError).ToHaveAttributeAsync("role", "alert");

        var coco18 = new JsonObject { ["people"] = new JsonArray(new JsonObject { ["pose_keypoints_2d"] = new JsonArray(Enumerable.Range(0, 54).Select(_ => (JsonNode?)1).ToArray()) }) };
        await page.Locator("#file").SetInputFilesAsync(TempFile("openpose.json", coco18.ToJsonString()));
        await Expect(fileError).ToContainTextAsync("only BODY_25 (75 values) is supported");

        // Readable here, refused by the service: only the nose was detected. The API's 400 is shown in words.
        var noseOnly = new double[51];
        (noseOnly[0], noseOnly[1], noseOnly[2]) = (320, 100, 0.9);
        var detection = new JsonObject { ["image_id"] = 1, ["keypoints"] = new JsonArray(noseOnly.Select(v => (JsonNode)v).ToArray()), ["score"] = 0.5 };
        await page.Locator("#file").SetInputFilesAsync(TempFile("nose-only.json", new JsonArray(detection).ToJsonString()));
        await Expect(fileError).ToBeHiddenAsync();
        var searchError = page.Locator("#search-error");
        await Expect(searchError).ToBeVisibleAsync();
        await Expect(searchError).ToContainTextAsync("too few visible anchor joints");
        await Expect(page.Locator("#results > li")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "bad-file");
        Assert.Empty(browser.PageErrors);
    }

    private static (double, double) Point(JsonNode keypoint) => (keypoint["x"]!.GetValue<double>(), keypoint["y"]!.GetValue<double>());

    /// <summary>Runs `action`, returns the search request body the page sent, once the page shows the matches drawn.</summary>
    private static async Task<JsonNode> SearchAsync(IPage page, Func<Task> action)
    {
        var request = await page.RunAndWaitForRequestAsync(action,
            r => r.Method == "POST" && r.Url.EndsWith($"/v1/collections/{WebUiFixture.Collection}/search", StringComparison.Ordinal));
        await Expect(page.Locator("#search-status")).ToHaveTextAsync(SearchDone);
        return JsonNode.Parse(request.PostData!)!;
    }

    /// <summary>The hits as the page shows them, best first; each must be drawn as a skeleton.</summary>
    private static async Task<string[]> DrawnHitIdsAsync(IPage page)
    {
        var cards = page.Locator("#results > li");
        var count = await cards.CountAsync();
        for (var i = 0; i < count; i++)
        {
            await Expect(cards.Nth(i).Locator("svg.figure circle").First).ToBeVisibleAsync();
            await Expect(cards.Nth(i).Locator(".probability")).ToHaveTextAsync(ProbabilityText());
        }

        return await cards.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.id)");
    }

    private async Task<string[]> ApiHitIdsAsync(JsonNode body)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        var response = await fixture.Api.PostAsync($"/v1/collections/{WebUiFixture.Collection}/search", content);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString()!).ToArray();
    }

    private static string TempFile(string name, string contents)
    {
        var folder = Path.Combine(Path.GetTempPath(), "posesearch-web-tests-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, contents);
        return path;
    }

    [GeneratedRegex(@"^\d+ match(es)? in ")]
    private static partial Regex MatchesStatus();

    [GeneratedRegex(@"^\d+(\.\d+)? %$")]
    private static partial Regex ProbabilityText();
}
