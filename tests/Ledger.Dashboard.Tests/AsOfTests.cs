using System.Text.Json;
using Ledger.Dashboard.Tests.Harness;
using static Ledger.Dashboard.Tests.Harness.Figures;

namespace Ledger.Dashboard.Tests;

/// <summary>The as-of control: one position (or date) for every view, with the figures the API gives for it.</summary>
[Collection(DashboardCollection.Name)]
public sealed class AsOfTests(DashboardFixture fixture)
{
    [Fact]
    public async Task A_past_position_shows_the_figures_the_api_returns_for_that_position_in_every_view()
    {
        await using var session = await DashboardSession.SignedInAsync(fixture, "finance");
        var live = await fixture.GetJsonAsync("finance", "/api/reports/roi");
        var head = live.GetProperty("asOfPosition").GetInt64();
        await session.WaitForViewAsync("overview", asOf: head);
        var past = head / 2;
        var roi = await fixture.GetJsonAsync("finance", $"/api/reports/roi?asOf={past}");
        CostsOf(roi).ShouldNotBe(CostsOf(live)); // the position chosen must change the figures, or the test proves nothing

        await session.Page.FillAsync("#asof-position", Invariant(past));
        await session.Page.PressAsync("#asof-position", "Enter");
        await session.WaitForViewAsync("overview", asOf: past);

        (await session.Page.GetAttributeAsync("#asof-status", "data-position")).ShouldBe(Invariant(past));
        foreach (var initiative in roi.Items("initiatives"))
        {
            var id = initiative.GetProperty("initiativeId").GetString();
            foreach (var name in new[] { "cost", "monetaryGain", "totalValue" })
            {
                var expected = initiative.GetProperty("roi").GetProperty(name).GetDecimal();
                Parse(await session.FigureAsync($"roi:{id}:{name}")).ShouldBe(expected, $"{name} of {id} as of {past}");
                (await session.Page.InnerTextAsync($"[data-figure='roi:{id}:{name}']")).ShouldBe(Euros(expected));
            }
        }
        var outcomes = await fixture.GetJsonAsync("finance", $"/api/reports/outcomes?asOf={past}&period=month");
        foreach (var row in outcomes.Items("rows"))
        {
            var figure = $"outcome:{row.GetProperty("period").GetString()}:{row.GetProperty("kind").GetString()}";
            Parse(await session.FigureAsync($"{figure}:value")).ShouldBe(row.GetProperty("value").GetDecimal(), figure);
            Parse(await session.FigureAsync($"{figure}:count")).ShouldBe(row.GetProperty("count").GetInt64(), figure);
        }
        await session.ScreenshotAsync("overview-as-of-past");

        // Another view opened now is as of the same position.
        var pastMap = (await fixture.GetJsonAsync("finance", $"/api/reports/relationships?asOf={past}")).GetProperty("map");
        var liveMap = (await fixture.GetJsonAsync("finance", $"/api/reports/relationships?asOf={head}")).GetProperty("map");
        pastMap.Items("edges").Count().ShouldNotBe(liveMap.Items("edges").Count());
        await session.OpenViewAsync("relationships");
        await session.WaitForViewAsync("relationships", asOf: past);
        (await session.Page.Locator("svg.network line.edge").CountAsync()).ShouldBe(pastMap.Items("edges").Count());

        // Live again: the head's figures.
        await session.Page.ClickAsync("#asof-live");
        await session.WaitForViewAsync("relationships", asOf: head);
        (await session.Page.Locator("svg.network line.edge").CountAsync()).ShouldBe(liveMap.Items("edges").Count());
        session.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_date_is_resolved_to_the_position_the_api_gives_for_that_moment()
    {
        await using var session = await DashboardSession.SignedInAsync(fixture, "finance");
        await session.WaitForViewAsync("overview");
        // The demo was recorded when the API started, so before that the ledger knew nothing.
        var then = await fixture.GetJsonAsync("finance", "/api/reports/roi?at=2000-01-01T00:00:00Z");
        var position = then.GetProperty("asOfPosition").GetInt64();

        await session.Page.FillAsync("#asof-date", "2000-01-01T00:00");
        await session.Page.ClickAsync("#asof button[type=submit]");
        await session.WaitForViewAsync("overview", asOf: position);

        (await session.Page.Locator("#roi tbody tr").CountAsync()).ShouldBe(then.Items("initiatives").Count());
        (await session.Page.InnerTextAsync("#asof-status")).ShouldContain($"position {position}");
        session.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_position_beyond_the_head_is_refused_with_the_apis_field_error_in_plain_language()
    {
        await using var session = await DashboardSession.SignedInAsync(fixture, "finance");
        await session.WaitForViewAsync("overview");
        var beyond = (await fixture.GetJsonAsync("finance", "/api/reports/roi")).GetProperty("asOfPosition").GetInt64() + 1_000;
        using var client = fixture.Client(fixture.Key("finance"));
        var problem = JsonDocument.Parse(await (await client.GetAsync($"/api/reports/roi?asOf={beyond}")).Content.ReadAsStringAsync()).RootElement;
        var message = problem.GetProperty("errors").GetProperty("asOf")[0].GetString()!;

        await session.Page.FillAsync("#asof-position", Invariant(beyond));
        await session.Page.PressAsync("#asof-position", "Enter");
        await session.WaitForViewAsync("overview", state: "error");

        (await session.Page.InnerTextAsync("main#view .problem-title")).ShouldBe(problem.GetProperty("title").GetString());
        (await session.Page.InnerTextAsync("main#view .problem-fields li")).ShouldBe($"As of: {message}");
        (await session.Page.Locator("main#view [data-figure]").CountAsync()).ShouldBe(0);
        await session.ScreenshotAsync("as-of-refused");
    }

    [Fact]
    public async Task The_audit_view_verifies_the_chain_as_of_the_chosen_position_or_date()
    {
        await using var session = await DashboardSession.SignedInAsync(fixture, "auditor");
        await session.WaitForViewAsync("audit");
        var head = (await fixture.GetJsonAsync("auditor", "/api/ledger/head")).GetProperty("position").GetInt64();
        var past = head / 3;
        var verification = await fixture.GetJsonAsync("auditor", $"/api/ledger/verify?to={past}");

        await session.Page.FillAsync("#asof-position", Invariant(past));
        await session.Page.PressAsync("#asof-position", "Enter");
        await session.WaitForViewAsync("audit", asOf: past);
        (await session.FigureAsync("verify:upTo")).ShouldBe(Invariant(past));
        (await session.FigureAsync("verify:hash")).ShouldBe(verification.GetProperty("headHash").GetString());
        // The lineage offers the decisions recorded up to that position, the latest first: not the head's.
        var recent = await fixture.GetJsonAsync("auditor", $"/api/ledger/events?after={Math.Max(0, past - 1_000)}&limit=1000");
        var latest = recent.Items("events").Last(e => e.GetProperty("eventType").GetString() == "decision-recorded" && e.GetProperty("position").GetInt64() <= past);
        (await session.Page.InputValueAsync("#lineage-decision")).ShouldBe(latest.GetProperty("data").GetProperty("decisionId").GetString());

        // Without report rights the dashboard finds a date's position by bisecting the log's recorded times.
        await session.Page.FillAsync("#asof-date", "2100-01-01T00:00");
        await session.Page.ClickAsync("#asof button[type=submit]");
        await session.WaitForViewAsync("audit", asOf: head);
        (await session.FigureAsync("verify:upTo")).ShouldBe(Invariant(head));
        session.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_decision_lineage_is_drawn_as_of_the_chosen_position()
    {
        await using var session = await DashboardSession.SignedInAsync(fixture, "auditor");
        await session.WaitForViewAsync("audit");
        var head = (await fixture.GetJsonAsync("auditor", "/api/ledger/head")).GetProperty("position").GetInt64();
        var page = await fixture.GetJsonAsync("auditor", $"/api/ledger/events?after={Math.Max(0, head - 1000)}&limit=1000");
        var decisions = page.Items("events").Where(e => e.GetProperty("eventType").GetString() == "decision-recorded")
            .Select(e => (Id: e.GetProperty("data").GetProperty("decisionId").GetString()!, Position: e.GetProperty("position").GetInt64())).ToList();
        decisions.Count.ShouldBeGreaterThan(1, "the demo records several decisions");
        var (latest, previous) = (decisions[^1], decisions[^2]);
        await session.Page.WaitForSelectorAsync($"#lineage-graph[data-state='ready'] [data-as-of='{Invariant(head)}']");
        (await session.Page.InputValueAsync("#lineage-decision")).ShouldBe(latest.Id);

        // Just before the latest decision: the newest decision then is the previous one, drawn as the API gives it then.
        var before = latest.Position - 1;
        await session.Page.FillAsync("#asof-position", Invariant(before));
        await session.Page.PressAsync("#asof-position", "Enter");
        await session.WaitForViewAsync("audit", asOf: before);
        await session.Page.WaitForSelectorAsync($"#lineage-graph[data-state='ready'] [data-as-of='{Invariant(before)}']");
        (await session.Page.InputValueAsync("#lineage-decision")).ShouldBe(previous.Id);
        var graph = await fixture.GetJsonAsync("auditor", $"/api/lineage/decisions/{previous.Id}?depth=5&asOf={before}");
        (await session.Page.GetAttributeAsync("#lineage-graph [data-nodes]", "data-nodes")).ShouldBe(Invariant(graph.Items("nodes").Count()));
        (await session.Page.GetAttributeAsync("#lineage-graph [data-edges]", "data-edges")).ShouldBe(Invariant(graph.Items("edges").Count()));
        (await session.Page.Locator($"#lineage-decision option[value='{latest.Id}']").CountAsync()).ShouldBe(0);
        session.Errors.ShouldBeEmpty();

        // Asked for by id, the latest decision did not exist yet: the API's 404, in plain words.
        await session.Page.FillAsync("#lineage-id", latest.Id);
        await session.Page.PressAsync("#lineage-id", "Enter");
        await session.Page.WaitForSelectorAsync("#lineage-graph[data-state='error']");
        (await session.Page.InnerTextAsync("#lineage-graph")).ShouldContain("did not exist yet");
        await session.ScreenshotAsync("lineage-as-of-refused");
        // The browser reports the refused request itself as a failed resource load; nothing else may fail.
        session.Errors.ShouldAllBe(e => e.Contains("404"));
    }

    private static string CostsOf(JsonElement roi) =>
        string.Join(";", roi.Items("initiatives").Select(i => i.GetProperty("roi").GetProperty("cost").GetDecimal()));
}
