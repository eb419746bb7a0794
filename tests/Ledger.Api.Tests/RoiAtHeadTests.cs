using System.Text.Json;
using Ledger.Api.Tests.Harness;

namespace Ledger.Api.Tests;

/// <summary>
/// <c>GET /api/reports/roi</c> at the head is answered from totals kept in memory; <c>?asOf=</c> is computed over the
/// facts in force. For the same position both must serve the same bytes, and the head must follow every append.
/// </summary>
public sealed class RoiAtHeadTests(LedgerApiFactory factory) : IClassFixture<LedgerApiFactory>
{
    [Fact]
    public async Task The_roi_at_the_head_serves_the_bytes_of_the_report_as_of_its_position_after_appends_and_settings_changes()
    {
        var recorder = await factory.RecorderAsync();
        var finance = await factory.FinanceAsync();
        var auditor = await factory.AuditorAsync();
        var owner = await recorder.RegisterParticipantAsync();
        var initiative = (await (await finance.PostJsonAsync("/api/initiatives", Requests.Launch(owner, "Head ROI"))).ShouldBeAsync(201))
            .GetProperty("initiativeId").GetGuid();
        await (await finance.PostJsonAsync($"/api/initiatives/{initiative}/costs",
            new { amount = 1000.5m, currency = "EUR", category = "people", incurredAt = Requests.Now, costId = Guid.NewGuid() })).ShouldBeAsync(200);
        var alice = await recorder.RegisterParticipantAsync();
        var bob = await recorder.RegisterParticipantAsync(Requests.External());
        var conversation = (await (await recorder.PostJsonAsync("/api/conversations",
            new { channel = "email", participantIds = new[] { alice, bob }, initiativeId = initiative })).ShouldBeAsync(201)).GetProperty("conversationId").GetGuid();

        await recorder.RecordInteractionAsync(conversation, Requests.Interaction(bob, alice, Requests.Monetary(250.25m)));
        var first = await SameAsAsOfAsync(finance, auditor);
        Revenue(first, initiative).ShouldBe(250.25m);

        // Each append, once projected, is in the next answer at the head.
        await (await finance.PostJsonAsync("/api/conversion-rates", new { currency = "USD", effectiveFrom = "2025-01-01", rateToReporting = 0.9m })).ShouldBeAsync(201);
        await recorder.RecordInteractionAsync(conversation, Requests.Interaction(bob, alice, Requests.Monetary(100m, "USD")));
        await recorder.RecordInteractionAsync(conversation, Requests.Interaction(alice, bob, Requests.Informational()));
        var second = await SameAsAsOfAsync(finance, auditor);
        Revenue(second, initiative).ShouldBe(340.25m);   // 250.25 + 100 × 0.9

        // A new valuation model values the same facts again.
        await (await finance.PostRawAsync("/api/valuation-models", Http.RawJson(
            """{"version":2,"reportingCurrency":"EUR","informational":{"answer":41.5},"emotional":{"ratePerUnit":10},"logistical":{"ratePerUnit":{"delivered":5}}}""")))
            .ShouldBeAsync(201);
        var third = await SameAsAsOfAsync(finance, auditor);
        third.GetProperty("valuationModelVersion").GetInt32().ShouldBe(2);
        Roi(third, initiative).GetProperty("informationalValue").GetDecimal().ShouldBe(41.5m);

        // And the CSV export at the head is the CSV as of the same position.
        var csv = await (await finance.GetAsync(new Uri("/api/reports/roi?format=csv", UriKind.Relative))).Content.ReadAsStringAsync();
        csv.ShouldBe(await (await finance.GetAsync(new Uri($"/api/reports/roi?format=csv&asOf={third.GetProperty("asOfPosition").GetInt64()}", UriKind.Relative))).Content.ReadAsStringAsync());
    }

    /// <summary>The head answer: at the log's head, and byte for byte the report computed as of that position.</summary>
    private static async Task<JsonElement> SameAsAsOfAsync(HttpClient finance, HttpClient auditor)
    {
        var head = await auditor.HeadPositionAsync();
        var atHead = await (await finance.GetAsync(new Uri("/api/reports/roi", UriKind.Relative))).Content.ReadAsByteArrayAsync();
        var answer = JsonDocument.Parse(atHead).RootElement.Clone();
        answer.GetProperty("asOfPosition").GetInt64().ShouldBe(head);
        var asOf = await (await finance.GetAsync(new Uri($"/api/reports/roi?asOf={head}", UriKind.Relative))).Content.ReadAsByteArrayAsync();
        atHead.ShouldBe(asOf);
        return answer;
    }

    private static JsonElement Roi(JsonElement report, Guid initiative) =>
        report.GetProperty("initiatives").EnumerateArray().Single(i => i.GetProperty("initiativeId").GetGuid() == initiative).GetProperty("roi");

    private static decimal Revenue(JsonElement report, Guid initiative) => Roi(report, initiative).GetProperty("revenue").GetDecimal();
}
