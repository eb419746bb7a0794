using System.Security.Cryptography;
using Ledger.Api.Tests.Harness;

namespace Ledger.Api.Tests;

public sealed class SnapshotTests(LedgerApiFactory factory) : IClassFixture<LedgerApiFactory>
{
    [Fact]
    public async Task A_snapshot_reproduces_byte_for_byte_after_more_events_arrive()
    {
        var recorder = await factory.RecorderAsync();
        var finance = await factory.FinanceAsync();
        var auditor = await factory.AuditorAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        await recorder.RecordInteractionAsync(conversation, Requests.Interaction(bob, alice, Requests.Monetary(250m)));
        await recorder.RecordInteractionAsync(conversation, Requests.Interaction(alice, bob, Requests.Informational()));

        var taken = await (await finance.PostJsonAsync("/api/snapshots", new { report = "outcomes", period = "month", by = "channel,department" })).ShouldBeAsync(201);
        var id = taken.GetProperty("snapshotId").GetGuid();
        var position = taken.GetProperty("position").GetInt64();
        var first = await (await auditor.GetAsync(new Uri($"/api/snapshots/{id}/content", UriKind.Relative))).Content.ReadAsByteArrayAsync();
        Convert.ToHexStringLower(SHA256.HashData(first)).ShouldBe(taken.GetProperty("contentHash").GetString());
        // The snapshot's bytes are exactly what the report endpoint served at that position.
        (await (await finance.GetAsync(new Uri($"/api/reports/outcomes?asOf={position}&period=month&by=channel,department", UriKind.Relative))).Content.ReadAsByteArrayAsync())
            .ShouldBe(first);

        for (var i = 0; i < 3; i++) await recorder.RecordInteractionAsync(conversation, Requests.Interaction(bob, alice, Requests.Monetary(1000m + i)));
        (await auditor.HeadPositionAsync()).ShouldBeGreaterThan(position);

        var later = await auditor.GetAsync(new Uri($"/api/snapshots/{id}/content", UriKind.Relative));
        (await later.Content.ReadAsByteArrayAsync()).ShouldBe(first);
        later.Headers.GetValues("X-Content-SHA256").Single().ShouldBe(taken.GetProperty("contentHash").GetString());
        // And the report now (at the head) differs: the snapshot is not simply "the current report".
        (await (await finance.GetAsync(new Uri("/api/reports/outcomes?period=month&by=channel,department", UriKind.Relative))).Content.ReadAsByteArrayAsync())
            .ShouldNotBe(first);
    }

    [Fact]
    public async Task A_snapshot_of_an_unknown_report_is_a_400_and_writes_nothing()
    {
        var finance = await factory.FinanceAsync();
        var auditor = await factory.AuditorAsync();
        var head = await auditor.HeadPositionAsync();
        await (await finance.PostJsonAsync("/api/snapshots", new { report = "horoscope" })).ShouldBeProblemAsync(400);
        (await auditor.HeadPositionAsync()).ShouldBe(head);
    }
}
