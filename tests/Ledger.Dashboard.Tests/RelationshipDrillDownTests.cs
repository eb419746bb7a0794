using System.Globalization;
using Ledger.Dashboard.Tests.Harness;
using static Ledger.Dashboard.Tests.Harness.Figures;

namespace Ledger.Dashboard.Tests;

/// <summary>Relationship figures and curve points open the events behind them, and those events add up to the figure.</summary>
[Collection(DashboardCollection.Name)]
public sealed class RelationshipDrillDownTests(DashboardFixture fixture)
{
    [Fact]
    public async Task A_links_figure_lists_the_transactions_whose_weights_add_up_to_the_maps_count()
    {
        await using var session = await DashboardSession.SignedInAsync(fixture, "finance");
        await session.Page.GotoAsync("/#relationships");
        await session.WaitForViewAsync("relationships");
        var position = await session.Page.GetAttributeAsync("main#view", "data-as-of");
        var map = (await fixture.GetJsonAsync("finance", $"/api/reports/relationships?asOf={position}")).GetProperty("map");
        var counterpart = await session.Page.GetAttributeAsync("#counterparts tbody tr", "data-counterpart");
        await session.Page.ClickAsync($"#counterparts tr[data-counterpart='{counterpart}'] button");
        await session.Page.WaitForSelectorAsync($"#participant-details[data-participant='{counterpart}']");

        // The heaviest link of the counterpart, as the API weighs it.
        var edge = map.Items("edges").Where(e => e.GetProperty("a").GetString() == counterpart || e.GetProperty("b").GetString() == counterpart)
            .OrderByDescending(e => e.GetProperty("weight").GetInt64()).First();
        var id = $"edge:{edge.GetProperty("a").GetString()}:{edge.GetProperty("b").GetString()}";
        Parse(await session.FigureAsync(id)).ShouldBe(edge.GetProperty("weight").GetInt64());
        await session.Page.ClickAsync($"#participant-details [data-figure='{id}']");
        await session.Page.WaitForSelectorAsync("#drawer[data-state='ready'] [data-matches]");

        var weights = await WeightsAsync(session);
        weights.Sum().ShouldBe(edge.GetProperty("weight").GetInt64());
        var kinds = await session.Page.Locator("#drawer tr[data-event-kind]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.eventKind)");
        foreach (var byKind in edge.GetProperty("byKind").EnumerateObject())
            kinds.Count(k => k.Equals(byKind.Name, StringComparison.OrdinalIgnoreCase)).ShouldBe(byKind.Value.GetInt32(), byKind.Name);
        (await session.Page.GetAttributeAsync("#drawer [data-matches]", "data-matches")).ShouldBe("true");
        await session.ScreenshotAsync("drill-down-link");

        // The counterpart's own figure: every transaction on its links, weighted by the links it counts on.
        await session.Page.ClickAsync("#drawer-close");
        var strength = map.Items("edges").Where(e => e.GetProperty("a").GetString() == counterpart || e.GetProperty("b").GetString() == counterpart)
            .Sum(e => e.GetProperty("weight").GetInt64());
        await session.Page.ClickAsync($"[data-figure='participant:{counterpart}:weight']");
        await session.Page.WaitForSelectorAsync("#drawer[data-state='ready'] [data-matches]");
        (await WeightsAsync(session)).Sum().ShouldBe(strength);
        (await session.Page.GetAttributeAsync("#drawer [data-matches]", "data-matches")).ShouldBe("true");
        session.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_cumulative_curve_point_lists_the_events_up_to_its_day_and_they_add_up_to_each_cumulative_figure()
    {
        await using var session = await DashboardSession.SignedInAsync(fixture, "executive");
        await session.WaitForViewAsync("overview");
        var roi = await fixture.GetJsonAsync("executive", $"/api/reports/roi?asOf={await session.Page.GetAttributeAsync("main#view", "data-as-of")}");
        var initiative = roi.Items("initiatives").First(i => i.GetProperty("roi").GetProperty("curve").GetArrayLength() > 2);
        await session.Page.SelectOptionAsync("#curve-initiative", initiative.GetProperty("initiativeId").GetString()!);
        var curve = initiative.GetProperty("roi").GetProperty("curve").EnumerateArray().ToList();
        var point = curve[curve.Count / 2]; // a point inside the curve: later events must be left out
        var on = point.GetProperty("on").GetString()!;

        await session.Page.Locator($"#curves circle.point.s-gain[data-date='{on}']").DispatchEventAsync("click");
        await session.Page.WaitForSelectorAsync("#drawer[data-state='ready'] [data-measure='cost'] [data-matches]");

        (await SumAsync(session, "gain", "eventValue")).ShouldBe(point.GetProperty("cumulativeGain").GetDecimal());
        (await SumAsync(session, "value", "eventValue")).ShouldBe(point.GetProperty("cumulativeValue").GetDecimal());
        var recorded = await ValuesAsync(session, "#drawer [data-measure='cost'] tr[data-recorded-cost]", "recordedCost");
        var costEvents = await ValuesAsync(session, "#drawer [data-measure='cost'] tr[data-event-value]", "eventValue");
        Math.Round(recorded.Sum() + costEvents.Sum(), 2, MidpointRounding.ToEven).ShouldBe(point.GetProperty("cumulativeCost").GetDecimal());
        (await session.Page.Locator("#drawer [data-matches='true']").CountAsync()).ShouldBe(3);
        var last = curve[^1];
        if (last.GetProperty("cumulativeGain").GetDecimal() != point.GetProperty("cumulativeGain").GetDecimal()
            || last.GetProperty("cumulativeValue").GetDecimal() != point.GetProperty("cumulativeValue").GetDecimal())
        {
            // Not every event of the initiative: the point's day is a real cut.
            var all = await fixture.GetJsonAsync("executive", $"/api/reports/outcomes/drilldown?asOf={roi.GetProperty("asOfPosition").GetInt64()}&initiative={initiative.GetProperty("initiativeId").GetString()}");
            (await session.Page.Locator("#drawer [data-measure] tr[data-event-value]").CountAsync()).ShouldBeLessThan(all.Items("events").Count());
        }
        await session.ScreenshotAsync("drill-down-curve-point");
        session.Errors.ShouldBeEmpty();
    }

    private static async Task<List<long>> WeightsAsync(DashboardSession session) =>
        [.. (await session.Page.Locator("#drawer tr[data-event-weight]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.eventWeight)"))
            .Select(w => long.Parse(w, CultureInfo.InvariantCulture))];

    private static async Task<List<decimal>> ValuesAsync(DashboardSession session, string selector, string attribute) =>
        [.. (await session.Page.Locator(selector).EvaluateAllAsync<string[]>($"rows => rows.map(r => r.dataset.{attribute})")).Select(Parse)];

    private static async Task<decimal> SumAsync(DashboardSession session, string measure, string attribute) =>
        Math.Round((await ValuesAsync(session, $"#drawer [data-measure='{measure}'] tr[data-event-value]", attribute)).Sum(), 2, MidpointRounding.ToEven);
}
