using Ledger.Dashboard.Tests.Harness;
using static Ledger.Dashboard.Tests.Harness.Figures;

namespace Ledger.Dashboard.Tests;

[Collection(DashboardCollection.Name)]
public sealed class PilotTests(DashboardFixture fixture)
{
    [Fact]
    public async Task A_pilot_runs_to_completion_and_shows_every_difference_from_the_baseline_side_by_side()
    {
        await using var session = await DashboardSession.SignedInAsync(fixture, "pilot");
        await session.OpenViewAsync("pilots");
        var pinned = long.Parse((await session.Page.InputValueAsync("#pilot-position"))!, System.Globalization.CultureInfo.InvariantCulture);
        (await session.Page.GetAttributeAsync("main#view", "data-as-of")).ShouldBe(Invariant(pinned)); // defaults to the as-of position

        await session.Page.FillAsync("#pilot-name", "Without social networks");
        await session.Page.FillAsync("#pilot-statement", "The social engagement programme's channel brings little: drop it and compare.");
        await session.Page.CheckAsync("input[name=channel][value=socialNetwork]");
        await session.Page.ClickAsync("#pilot-run");
        await session.Page.WaitForSelectorAsync("#pilot-result[data-state='completed']", new() { Timeout = 60_000 });

        var runId = await session.Page.GetAttributeAsync("#pilot-result", "data-run-id");
        var run = await fixture.GetJsonAsync("pilot", $"/api/pilots/runs/{runId}");
        run.GetProperty("state").GetString().ShouldBe("completed");
        run.GetProperty("pinnedPosition").GetInt64().ShouldBe(pinned);
        var figures = run.GetProperty("result").Items("figures").ToList();
        var differing = figures.Where(x => x.GetProperty("difference").ValueKind == System.Text.Json.JsonValueKind.Null || x.GetProperty("difference").GetDecimal() != 0)
            .Select(x => x.GetProperty("figure").GetString()).ToList();
        differing.ShouldNotBeEmpty();

        // The progress bar ran to the end, and every figure is listed: the differing ones highlighted, the others not.
        (await session.Page.GetAttributeAsync("#pilot-progress", "value")).ShouldBe(Invariant(pinned));
        (await session.Page.GetAttributeAsync("#pilot-progress", "max")).ShouldBe(Invariant(pinned));
        (await session.Page.Locator("#pilot-result table.comparison tbody tr").CountAsync()).ShouldBe(figures.Count);
        var highlighted = await session.Page.Locator("#pilot-result tr.changed").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.figure)");
        highlighted.ShouldBe(differing, ignoreOrder: true);
        foreach (var row in await session.Page.Locator("#pilot-result tr.changed").AllAsync())
            (await row.Locator("td.baseline").InnerTextAsync()).ShouldNotBe(await row.Locator("td.hypothesis").InnerTextAsync());
        (await session.Page.InnerTextAsync("#pilot-result .summary strong")).ShouldBe($"{differing.Count} of {figures.Count} figures differ");
        await session.ScreenshotAsync("pilots");

        await session.Page.CheckAsync("#pilot-only-changes");
        (await session.Page.Locator("#pilot-result tbody tr:visible").CountAsync()).ShouldBe(differing.Count);
        await session.ScreenshotAsync("pilots-only-differences");
        session.Errors.ShouldBeEmpty();
    }
}
