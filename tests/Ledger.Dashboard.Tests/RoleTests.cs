using System.Net;
using System.Text.Json;
using Ledger.Dashboard.Tests.Harness;

namespace Ledger.Dashboard.Tests;

/// <summary>What is shown and allowed follows the key's role; the API's refusals are shown in its own words.</summary>
[Collection(DashboardCollection.Name)]
public sealed class RoleTests(DashboardFixture fixture)
{
    [Fact]
    public async Task A_key_without_report_rights_sees_no_figures_and_the_apis_refusal()
    {
        var key = await fixture.CreateKeyAsync("recorder");
        var refusal = await ProblemAsync(key, "/api/reports/roi", HttpStatusCode.Forbidden);

        await using var session = await DashboardSession.OpenAsync(fixture);
        await session.SignInAsync(key);

        (await session.Page.GetAttributeAsync("main#view", "data-state")).ShouldBe("refused");
        (await session.Page.Locator("a[data-nav]:visible").CountAsync()).ShouldBe(0);
        (await session.Page.InnerTextAsync("main#view .problem-title")).ShouldBe(refusal.GetProperty("title").GetString());
        (await session.Page.InnerTextAsync("main#view .problem-detail")).ShouldBe(refusal.GetProperty("detail").GetString());
        (await session.Page.Locator("[data-figure]").CountAsync()).ShouldBe(0);
        await session.ScreenshotAsync("refused-recorder");

        await session.Page.GotoAsync("/#relationships");
        await session.WaitForViewAsync("relationships", state: "refused");
        (await session.Page.Locator("svg.network, [data-figure]").CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task An_auditor_gets_audit_but_not_reports_and_an_executive_reports_but_not_pilots()
    {
        await using (var auditor = await DashboardSession.SignedInAsync(fixture, "auditor"))
        {
            (await auditor.Page.Locator("a[data-nav]:visible").AllInnerTextsAsync()).ShouldBe(["Audit"]);
            var refusal = await ProblemAsync(fixture.Key("auditor"), "/api/reports/roi", HttpStatusCode.Forbidden);
            await auditor.Page.GotoAsync("/#overview");
            await auditor.WaitForViewAsync("overview", state: "refused");
            (await auditor.Page.InnerTextAsync("main#view .problem-detail")).ShouldBe(refusal.GetProperty("detail").GetString());
            (await auditor.Page.Locator("[data-figure^='roi:']").CountAsync()).ShouldBe(0);
        }

        await using var executive = await DashboardSession.SignedInAsync(fixture, "executive");
        (await executive.Page.Locator("a[data-nav]:visible").AllInnerTextsAsync()).ShouldBe(["ROI overview", "Relationships"]);
        var pilots = await ProblemAsync(fixture.Key("executive"), "/api/pilots/runs/00000000-0000-0000-0000-000000000000", HttpStatusCode.Forbidden);
        await executive.Page.GotoAsync("/#pilots");
        await executive.WaitForViewAsync("pilots", state: "refused");
        (await executive.Page.InnerTextAsync("main#view .problem-detail")).ShouldBe(pilots.GetProperty("detail").GetString());
        (await executive.Page.Locator("#pilot-form").CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task An_unknown_key_is_not_signed_in_and_the_reason_is_shown()
    {
        const string key = "ldg_this_key_was_never_issued_0000000000";
        var problem = await ProblemAsync(key, "/api/ledger/head", HttpStatusCode.Unauthorized);

        await using var session = await DashboardSession.OpenAsync(fixture);
        await session.Page.FillAsync("#signin-key", key);
        await session.Page.ClickAsync("#signin-submit");
        await session.Page.WaitForSelectorAsync("#signin-problem .problem");

        (await session.Page.InnerTextAsync("#signin-problem .problem-title")).ShouldBe(problem.GetProperty("title").GetString());
        (await session.Page.InnerTextAsync("#signin-problem .problem-detail")).ShouldBe(problem.GetProperty("detail").GetString());
        (await session.Page.IsVisibleAsync("#session")).ShouldBeFalse();
        (await session.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('ledger.dashboard.apiKey')")).ShouldBeNull();
        await session.ScreenshotAsync("sign-in-refused");
    }

    private async Task<JsonElement> ProblemAsync(string key, string path, HttpStatusCode expected)
    {
        using var client = fixture.Client(key);
        var response = await client.GetAsync(path);
        response.StatusCode.ShouldBe(expected);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
