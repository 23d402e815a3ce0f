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

    [Fact]
    public async Task Two_uploaded_sequences_are_aligned_drawn_and_played_as_the_API_aligns_them()
    {
        await using var browser = await fixture.OpenAsync();
        var page = browser.Page;
        await page.GotoAsync("/");
        await Expect(page.Locator("#collection")).ToHaveValueAsync(WebUiFixture.Collection);

        // B: 40 frames of distinct poses in the API's sequence JSON. A: B's frames 10..29 renumbered 0..19, as COCO
        // results with a worse-scoring second person in each image (the best-scoring one is the sequence's person).
        var poses = fixture.Seed.Poses;
        var reference = new JsonObject
        {
            ["frames"] = new JsonArray(Enumerable.Range(0, 40).Select(i => (JsonNode)new JsonObject { ["frame"] = i, ["pose"] = SeedPoses.Model13(poses[i]) }).ToArray()),
        };
        var detections = new JsonArray(Enumerable.Range(0, 20).SelectMany(i => new JsonNode[]
        {
            SeedPoses.CocoDetection(poses[59 - i], imageId: i, score: 0.4f),
            SeedPoses.CocoDetection(poses[10 + i], imageId: i, score: 0.95f),
        }).ToArray());

        await page.GetByRole(AriaRole.Tab, new() { Name = "Align" }).ClickAsync();
        await page.Locator("#align-file-a").SetInputFilesAsync(TempFile("clip-a.json", detections.ToJsonString()));
        await Expect(page.Locator("#align-file-a-info")).ToHaveTextAsync("clip-a.json: 20 frames");
        await page.Locator("#align-file-b").SetInputFilesAsync(TempFile("take-b.json", reference.ToJsonString()));
        await Expect(page.Locator("#align-file-b-info")).ToHaveTextAsync("take-b.json: 40 frames");
        await page.GetByLabel("Subsequence").CheckAsync();

        var request = await page.RunAndWaitForRequestAsync(() => page.Locator("#align-run").ClickAsync(),
            r => r.Method == "POST" && r.Url.EndsWith("/v1/align", StringComparison.Ordinal));
        await Expect(page.Locator("#align-status")).ToHaveTextAsync(new Regex("^Aligned: "));
        var sent = JsonNode.Parse(request.PostData!)!;
        Assert.True(sent["subsequence"]!.GetValue<bool>());
        var sentA = sent["a"]!["frames"]!.AsArray();
        Assert.Equal(Enumerable.Range(0, 20), sentA.Select(f => f!["frame"]!.GetValue<int>()));
        Assert.Equal( // frame 0 of A is the best-scoring detection of image 0
            SeedPoses.CocoDetection(poses[10], 0, 0.95f)["keypoints"]!.AsArray().Select(v => v!.GetValue<double>()),
            sentA[0]!["pose"]!["keypoints"]!.AsArray().SelectMany(k => new[] { k!["x"]!.GetValue<double>(), k["y"]!.GetValue<double>(), k["confidence"]!.GetValue<double>() }));

        // The same request through the API: the page draws what it answers.
        using var content = new StringContent(sent.ToJsonString(), Encoding.UTF8, "application/json");
        var answer = await fixture.Api.PostAsync("/v1/align", content);
        answer.EnsureSuccessStatusCode();
        var api = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        var (startB, endB) = (api["startB"]!.GetValue<long>(), api["endB"]!.GetValue<long>());
        var path = api["path"]!.AsArray();
        Assert.Equal((10L, 29L), (startB, endB)); // A was cut from B's frames 10..29
        var summary = page.Locator("#align-summary");
        await Expect(summary.Locator("[data-field='span']")).ToHaveTextAsync($"frames {startB} to {endB}");
        await Expect(summary.Locator("[data-field='path-length']")).ToHaveTextAsync(path.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(summary.Locator("[data-field='mean-probability']")).ToHaveTextAsync(
            (api["meanProbability"]!.GetValue<double>() * 100).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " %");
        await Expect(summary.Locator("[data-field='speed-ratio']")).ToHaveTextAsync(api["speedRatio"]!.GetValue<double>().ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(summary.Locator("[data-field='skipped-a']")).ToHaveTextAsync("none");

        // The player: the slider walks the path, both skeletons drawn; Play advances it on its own.
        var slider = page.Locator("#align-step");
        await Expect(slider).ToHaveAttributeAsync("max", (path.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await slider.FocusAsync();
        await page.Keyboard.PressAsync("End");
        var last = path[path.Count - 1]!;
        await Expect(page.Locator("#align-step-text")).ToContainTextAsync(
            $"Step {path.Count} of {path.Count}: A frame {last["frameA"]} with B frame {last["frameB"]}");
        await Expect(page.Locator("#align-figure-a svg.figure circle").First).ToBeVisibleAsync();
        await Expect(page.Locator("#align-figure-b svg.figure circle").First).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Home");
        await page.Locator("#align-play").ClickAsync();
        await Expect(page.Locator("#align-play")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator("#align-step-text")).ToContainTextAsync(new Regex("^Step ([3-9]|\\d\\d) of "));
        await page.Locator("#align-play").ClickAsync();
        await Expect(page.Locator("#align-play")).ToHaveAttributeAsync("aria-pressed", "false");
        await slider.FillAsync("12");
        var pair = path[12]!;
        await Expect(page.Locator("#align-step-text")).ToContainTextAsync($"Step 13 of {path.Count}: A frame {pair["frameA"]} with B frame {pair["frameB"]}");

        // The path is drawn on the canvas: the current pair's cell is painted.
        var painted = await page.EvaluateAsync<int>("() => { const c = document.getElementById('align-grid'); " +
            "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; " +
            "for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && !(d[i] > 200 && d[i + 1] > 200 && d[i + 2] > 200)) n++; return n; }");
        Assert.True(painted > 1000, $"only {painted} coloured pixels on the grid");
        await Screenshots.SaveAsync(page, "align");
        Assert.Empty(browser.ConsoleErrors);

        // An API 400 in words: a sequence whose frames mix numbers and timestamps.
        var mixed = new JsonObject
        {
            ["frames"] = new JsonArray(
                new JsonObject { ["frame"] = 0, ["pose"] = SeedPoses.Model13(poses[0]) },
                new JsonObject { ["timestampSeconds"] = 0.5, ["pose"] = SeedPoses.Model13(poses[1]) }),
        };
        await page.Locator("#align-file-b").SetInputFilesAsync(TempFile("mixed.json", mixed.ToJsonString()));
        await page.Locator("#align-run").ClickAsync();
        var error = page.Locator("#align-error");
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToContainTextAsync("b.frames");
        await Expect(page.Locator("#align-result")).ToBeHiddenAsync();

        // A file that is no sequence is refused before anything is sent.
        await page.Locator("#align-file-a").SetInputFilesAsync(TempFile("pose.json", SeedPoses.Model13(poses[0]).ToJsonString()));
        await Expect(error).ToContainTextAsync("pose.json: not a sequence file");
        Assert.All(browser.ConsoleErrors, e => Assert.Contains("status of 400", e, StringComparison.Ordinal)); // only the browser's note of the refused request
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
