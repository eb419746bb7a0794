using Ledger.Dashboard.Tests.Harness;
using static Ledger.Dashboard.Tests.Harness.Figures;

namespace Ledger.Dashboard.Tests;

/// <summary>From a figure to the events behind it: the listed events' values add up to the figure.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DrillDownTests(DashboardFixture fixture)
{
    [Fact]
    public async Task An_outcome_figure_lists_the_events_the_api_gives_and_their_values_sum_to_it()
    {
        await using var session = await DashboardSession.SignedInAsync(fixture, "finance");
        await session.WaitForViewAsync("overview");
        var position = long.Parse((await session.Page.GetAttributeAsync("main#view", "data-as-of"))!, System.Globalization.CultureInfo.InvariantCulture);
        await session.Page.SelectOptionAsync("#filter-period", "quarter");
        await session.Page.WaitForSelectorAsync("#outcomes[data-state='ready'] tr[data-period$='-Q4']");

        // A monetary figure made of gains and costs, so that the signs of the events matter.
        var quarters = await fixture.GetJsonAsync("finance", $"/api/reports/outcomes?asOf={position}&period=quarter");
        var mixed = quarters.Items("rows").First(r => r.GetProperty("kind").GetString() == "monetary"
                                                     && r.GetProperty("gain").GetDecimal() > 0 && r.GetProperty("cost").GetDecimal() > 0);
        var id = $"outcome:{mixed.GetProperty("period").GetString()}:monetary:value";
        var figure = session.Page.Locator($"[data-figure='{id}']");
        var value = Parse(await figure.GetAttributeAsync("data-value"));
        var count = Parse(await session.FigureAsync(id.Replace(":value", ":count", StringComparison.Ordinal)));
        await figure.ClickAsync();
        await session.Page.WaitForSelectorAsync("#drawer[data-state='ready']");

        var rows = session.Page.Locator("#drawer tr[data-event-value]");
        var values = (await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.eventValue)")).Select(Parse).ToList();
        values.Count.ShouldBe((int)count);
        Math.Round(values.Sum(), 2, MidpointRounding.ToEven).ShouldBe(value);
        values.ShouldContain(v => v < 0); // cost transactions count against the figure
        (await session.Page.GetAttributeAsync("#drawer [data-matches]", "data-matches")).ShouldBe("true");

        var periodKey = id.Split(':')[1];
        var api = await fixture.GetJsonAsync("finance", $"/api/reports/outcomes/drilldown?asOf={position}&period=quarter&periodKey={periodKey}&kind=monetary");
        var shown = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.eventId)");
        shown.ShouldBe(api.Items("events").Select(e => e.GetProperty("eventId").GetString()!).ToArray(), ignoreOrder: true);
        await session.ScreenshotAsync("drill-down-outcome");
        session.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_initiatives_monetary_gain_lists_the_revenue_and_saving_events_that_sum_to_it()
    {
        await using var session = await DashboardSession.SignedInAsync(fixture, "executive");
        await session.WaitForViewAsync("overview");
        var roi = await fixture.GetJsonAsync("executive", $"/api/reports/roi?asOf={await session.Page.GetAttributeAsync("main#view", "data-as-of")}");
        var initiative = roi.Items("initiatives").First();
        var id = initiative.GetProperty("initiativeId").GetString();
        var gain = initiative.GetProperty("roi").GetProperty("monetaryGain").GetDecimal();

        await session.Page.ClickAsync($"[data-figure='roi:{id}:monetaryGain']");
        await session.Page.WaitForSelectorAsync("#drawer[data-state='ready']");

        var values = (await session.Page.Locator("#drawer tr[data-event-value]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.eventValue)")).Select(Parse).ToList();
        values.ShouldNotBeEmpty();
        values.ShouldAllBe(v => v > 0);
        Math.Round(values.Sum(), 2, MidpointRounding.ToEven).ShouldBe(gain);
        Parse(await session.Page.GetAttributeAsync("#drawer [data-drill-sum]", "data-drill-sum")).ShouldBe(gain);
        await session.ScreenshotAsync("drill-down-roi");
        session.Errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("gain", "monetaryGain")]
    [InlineData("value", "totalValue")]
    public async Task A_summary_card_lists_the_transactions_it_sums_and_their_values_add_up_to_it(string card, string field)
    {
        await using var session = await DashboardSession.SignedInAsync(fixture, "finance");
        await session.WaitForViewAsync("overview");
        var roi = await fixture.GetJsonAsync("finance", $"/api/reports/roi?asOf={await session.Page.GetAttributeAsync("main#view", "data-as-of")}");
        var expected = roi.Items("initiatives").Sum(i => i.GetProperty("roi").GetProperty(field).GetDecimal());
        var id = $"total:{card}";
        Parse(await session.FigureAsync(id)).ShouldBe(expected);

        await session.Page.ClickAsync($"[data-figure='{id}']");
        await session.Page.WaitForSelectorAsync("#drawer[data-state='ready']");

        // The card adds the initiatives' figures, each its events' sum rounded once (as the API rounds it).
        var events = await session.Page.Locator("#drawer tr[data-event-value]").EvaluateAllAsync<string[][]>("rows => rows.map(r => [r.dataset.initiative, r.dataset.eventValue])");
        events.ShouldNotBeEmpty();
        events.ShouldAllBe(e => e[0] != null);
        events.GroupBy(e => e[0]).Sum(g => Math.Round(g.Sum(e => Parse(e[1])), 2, MidpointRounding.ToEven)).ShouldBe(expected);
        Parse(await session.Page.GetAttributeAsync("#drawer [data-drill-sum]", "data-drill-sum")).ShouldBe(expected);
        (await session.Page.GetAttributeAsync("#drawer [data-matches]", "data-matches")).ShouldBe("true");
        await session.ScreenshotAsync($"drill-down-total-{card}");
        session.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_total_cost_card_is_the_recorded_costs_plus_the_cost_transactions_it_lists()
    {
        await using var session = await DashboardSession.SignedInAsync(fixture, "finance");
        await session.WaitForViewAsync("overview");
        var roi = await fixture.GetJsonAsync("finance", $"/api/reports/roi?asOf={await session.Page.GetAttributeAsync("main#view", "data-as-of")}");
        var initiatives = roi.Items("initiatives").Select(i => i.GetProperty("roi")).ToList();
        var cost = initiatives.Sum(r => r.GetProperty("cost").GetDecimal());

        await session.Page.ClickAsync("[data-figure='total:cost']");
        await session.Page.WaitForSelectorAsync("#drawer[data-state='ready']");

        var events = await session.Page.Locator("#drawer tr[data-event-value]").EvaluateAllAsync<string[][]>("rows => rows.map(r => [r.dataset.initiative, r.dataset.eventValue])");
        events.ShouldAllBe(e => Parse(e[1]) > 0); // each cost transaction shown as the amount it adds to the cost
        var eventsByInitiative = events.GroupBy(e => e[0]!).ToDictionary(g => g.Key, g => g.Sum(e => Parse(e[1])));
        roi.Items("initiatives").Sum(i => Math.Round(
                i.GetProperty("roi").GetProperty("recordedCost").GetDecimal() + eventsByInitiative.GetValueOrDefault(i.GetProperty("initiativeId").GetString()!),
                2, MidpointRounding.ToEven))
            .ShouldBe(cost);
        Parse(await session.Page.GetAttributeAsync("#drawer [data-drill-sum]", "data-drill-sum")).ShouldBe(cost);
        (await session.Page.GetAttributeAsync("#drawer [data-matches]", "data-matches")).ShouldBe("true");
        session.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_roi_ratio_shows_its_value_and_cost_events_and_the_ratio_recomputed_from_them()
    {
        await using var session = await DashboardSession.SignedInAsync(fixture, "executive");
        await session.WaitForViewAsync("overview");
        var roi = await fixture.GetJsonAsync("executive", $"/api/reports/roi?asOf={await session.Page.GetAttributeAsync("main#view", "data-as-of")}");
        var initiative = roi.Items("initiatives").First(i => i.GetProperty("roi").GetProperty("cost").GetDecimal() > 0);
        var r = initiative.GetProperty("roi");
        var id = initiative.GetProperty("initiativeId").GetString();

        await session.Page.ClickAsync($"[data-figure='roi:{id}:totalRoi']");
        await session.Page.WaitForSelectorAsync("#drawer[data-state='ready']");

        Parse(await session.Page.GetAttributeAsync("#drawer [data-ratio-benefit]", "data-ratio-benefit"))
            .ShouldBe(r.GetProperty("monetaryGain").GetDecimal() + r.GetProperty("totalValue").GetDecimal());
        Parse(await session.Page.GetAttributeAsync("#drawer [data-ratio-cost]", "data-ratio-cost")).ShouldBe(r.GetProperty("cost").GetDecimal());
        var recomputed = Parse(await session.Page.GetAttributeAsync("#drawer [data-ratio-recomputed]", "data-ratio-recomputed"));
        Math.Abs(recomputed - r.GetProperty("totalRoi").GetDecimal()).ShouldBeLessThan(0.0002m);
        (await session.Page.GetAttributeAsync("#drawer [data-ratio-matches]", "data-ratio-matches")).ShouldBe("true");
        (await session.Page.Locator("#drawer [data-matches='true']").CountAsync()).ShouldBe(2); // both lists add up to their figures
        await session.ScreenshotAsync("drill-down-roi-ratio");

        await session.Page.ClickAsync("#drawer-close");
        await session.Page.ClickAsync($"[data-figure='roi:{id}:paybackDate']");
        await session.Page.WaitForSelectorAsync("#drawer[data-state='ready'] [data-explanation]");
        (await session.Page.GetAttributeAsync("#drawer [data-ratio-matches]", "data-ratio-matches")).ShouldBe("true");
        session.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_map_total_says_in_plain_words_where_its_transactions_are_listed()
    {
        await using var session = await DashboardSession.SignedInAsync(fixture, "finance");
        await session.Page.GotoAsync("/#relationships");
        await session.WaitForViewAsync("relationships");

        await session.Page.ClickAsync("[data-figure='map:weight']");
        await session.Page.WaitForSelectorAsync("#drawer[data-state='ready'] [data-explanation]");
        (await session.Page.InnerTextAsync("#drawer")).ShouldContain("Select a participant");
        session.Errors.ShouldBeEmpty();
    }
}
