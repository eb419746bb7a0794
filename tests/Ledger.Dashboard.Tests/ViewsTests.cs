using System.Globalization;
using System.Text.Json;
using Ledger.Dashboard.Tests.Harness;
using static Ledger.Dashboard.Tests.Harness.Figures;

namespace Ledger.Dashboard.Tests;

/// <summary>
/// Every view loads for the role it is meant for, shows what the API returns, writes nothing to the console, and is
/// saved as a screenshot (artifacts/screenshots/ in the test output folder).
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class ViewsTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Roi_overview_shows_each_initiative_as_the_api_reports_it_without_console_errors()
    {
        await using var session = await DashboardSession.SignedInAsync(fixture, "finance");
        var roi = await fixture.GetJsonAsync("finance", "/api/reports/roi");
        var position = roi.GetProperty("asOfPosition").GetInt64();
        await session.WaitForViewAsync("overview", asOf: position);

        var initiatives = roi.Items("initiatives").ToList();
        initiatives.ShouldNotBeEmpty();
        (await session.Page.Locator("#roi tbody tr").CountAsync()).ShouldBe(initiatives.Count);
        foreach (var initiative in initiatives)
        {
            var id = initiative.GetProperty("initiativeId").GetString();
            var figures = initiative.GetProperty("roi");
            foreach (var (name, json) in new[] { ("cost", "cost"), ("monetaryGain", "monetaryGain"), ("totalValue", "totalValue") })
            {
                var expected = figures.GetProperty(json).GetDecimal();
                Parse(await session.FigureAsync($"roi:{id}:{name}")).ShouldBe(expected);
                (await session.Page.InnerTextAsync($"[data-figure='roi:{id}:{name}']")).ShouldBe(Euros(expected));
            }
        }
        var outcomes = await fixture.GetJsonAsync("finance", $"/api/reports/outcomes?asOf={position}&period=month");
        var periods = outcomes.Items("rows").Select(r => r.GetProperty("period").GetString()).Distinct().Count();
        (await session.Page.Locator("#outcomes tbody tr").CountAsync()).ShouldBe(periods);
        (await session.Page.Locator("#outcomes svg rect.bar").CountAsync()).ShouldBeGreaterThan(periods);
        (await session.Page.Locator("#curves svg path.line").CountAsync()).ShouldBe(3);

        await session.ScreenshotAsync("overview");
        session.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Relationship_map_draws_every_participant_and_link_and_a_counterparts_level_history()
    {
        await using var session = await DashboardSession.SignedInAsync(fixture, "executive");
        await session.OpenViewAsync("relationships");
        var report = await fixture.GetJsonAsync("executive", $"/api/reports/relationships?asOf={await session.Page.GetAttributeAsync("main#view", "data-as-of")}");
        var map = report.GetProperty("map");

        (await session.Page.Locator("svg.network circle.node").CountAsync()).ShouldBe(map.Items("nodes").Count());
        (await session.Page.Locator("svg.network line.edge").CountAsync()).ShouldBe(map.Items("edges").Count());
        var cross = map.Items("edges").Count(e => e.GetProperty("crossDepartment").GetBoolean());
        cross.ShouldBeGreaterThan(0);
        (await session.Page.Locator("svg.network line.edge.cross").CountAsync()).ShouldBe(cross);
        Parse(await session.FigureAsync("map:connectivity")).ShouldBe(map.GetProperty("crossDepartmentConnectivity").GetDecimal());

        await session.ScreenshotAsync("relationships-network", ".map-card");

        // The counterpart with the longest history: its level and every change, in order.
        var counterpart = map.Items("counterparts").OrderByDescending(c => c.GetProperty("changes").GetArrayLength()).First();
        var id = counterpart.GetProperty("counterpartId").GetString();
        await session.Page.ClickAsync($"#counterparts tr[data-counterpart='{id}'] button");
        await session.Page.WaitForSelectorAsync($"#participant-details[data-participant='{id}']");
        (await session.Page.InnerTextAsync("#participant-details .level-badge")).ShouldBe(counterpart.GetProperty("level").GetString(), StringCompareShould.IgnoreCase);
        var changes = counterpart.Items("changes").ToList();
        var shown = await session.Page.Locator("#participant-details .timeline li strong").AllInnerTextsAsync();
        shown.ShouldBe(changes.Select(c => $"{c.GetProperty("from").GetString()} → {c.GetProperty("to").GetString()}").ToList());
        (await session.Page.GetAttributeAsync($"svg.network circle[data-participant='{id}']", "class"))!.ShouldContain("selected");

        await session.ScreenshotAsync("relationships");
        session.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Audit_shows_verification_the_current_digest_and_a_decisions_lineage_with_its_events()
    {
        await using var session = await DashboardSession.SignedInAsync(fixture, "auditor");
        await session.WaitForViewAsync("audit");
        var head = await fixture.GetJsonAsync("auditor", "/api/ledger/head");
        var position = head.GetProperty("position").GetInt64();
        var verification = await fixture.GetJsonAsync("auditor", $"/api/ledger/verify?to={position}");

        (await session.Page.GetAttributeAsync("#verification", "data-intact")).ShouldBe("true");
        (await session.FigureAsync("verify:hash")).ShouldBe(verification.GetProperty("headHash").GetString());
        (await session.FigureAsync("verify:eventsChecked")).ShouldBe(Invariant(position));
        (await session.FigureAsync("digest:position")).ShouldBe(Invariant(position));
        (await session.FigureAsync("digest:hash")).ShouldBe(head.GetProperty("hash").GetString());

        // The lineage of the most recent decision, node for node and link for link.
        await session.Page.WaitForSelectorAsync("#lineage-graph[data-state='ready']");
        var decision = await session.Page.InputValueAsync("#lineage-decision");
        var lineage = await fixture.GetJsonAsync("auditor", $"/api/lineage/decisions/{decision}?depth=5");
        (await session.Page.Locator("g.lineage-node").CountAsync()).ShouldBe(lineage.Items("nodes").Count());
        (await session.Page.Locator("path.lineage-edge").CountAsync()).ShouldBe(lineage.Items("edges").Count());
        await session.ScreenshotAsync("audit");
        await session.ScreenshotAsync("audit-lineage-graph", "#lineage-graph svg");

        // Drill down from the decision node to the events behind it.
        await session.Page.ClickAsync($"g.lineage-node[data-node='{lineage.GetProperty("root").GetString()}']");
        await session.Page.WaitForSelectorAsync("#drawer[data-state='ready']");
        var stream = await fixture.GetJsonAsync("auditor", $"/api/ledger/streams/decision-{Guid.Parse(decision):N}?asOf={position}");
        var positions = await session.Page.Locator("#drawer .event-list > li").EvaluateAllAsync<long[]>("items => items.map(i => Number(i.dataset.position))");
        positions.ShouldBe(stream.Items("events").Select(e => e.GetProperty("position").GetInt64()).ToArray());
        await session.ScreenshotAsync("audit-lineage-events");
        session.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Api_keys_view_lists_the_keys_and_creates_one_whose_secret_works()
    {
        await using var session = await DashboardSession.SignedInAsync(fixture, "admin");
        await session.OpenViewAsync("keys");
        var before = await fixture.GetJsonAsync("admin", "/api/keys");
        (await session.Page.Locator("#key-list tbody tr").CountAsync()).ShouldBe(before.GetArrayLength());

        await session.Page.FillAsync("#key-name", "dashboard-created");
        await session.Page.SelectOptionAsync("#key-role", "executive");
        await session.Page.ClickAsync("#key-form button[type=submit]");
        var secret = await (await session.Page.WaitForSelectorAsync("#key-secret"))!.InnerTextAsync();
        await session.Page.Locator("#key-list tbody tr").Nth(before.GetArrayLength()).WaitForAsync();

        using var created = fixture.Client(secret);
        (await created.GetAsync("/api/reports/roi?asOf=0")).IsSuccessStatusCode.ShouldBeTrue();
        await session.ScreenshotAsync("keys");
        session.Errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("laptop", 1366, 768)]
    [InlineData("projector", 1920, 1080)]
    [InlineData("narrow", 760, 1000)]
    public async Task Overview_fits_the_screen_without_horizontal_scrolling(string name, int width, int height)
    {
        await using var session = await DashboardSession.SignedInAsync(fixture, "finance", width, height);
        await session.WaitForViewAsync("overview");

        var overflow = await session.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        overflow.ShouldBeLessThanOrEqualTo(0, $"the page scrolls sideways by {overflow}px at {width}×{height}");
        // The type grows with the screen, so a projected figure stays readable from the back of the room.
        var rootFont = await session.Page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).fontSize");
        var pixels = double.Parse(rootFont.Replace("px", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        if (width >= 1920) pixels.ShouldBeGreaterThan(17.5);
        else pixels.ShouldBeInRange(13.9, 16.5);
        await session.ScreenshotAsync($"overview-{name}");
        session.Errors.ShouldBeEmpty();
    }
}
