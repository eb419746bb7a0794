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
}
