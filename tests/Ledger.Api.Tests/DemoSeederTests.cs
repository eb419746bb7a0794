using System.Security.Cryptography;
using System.Text.Json;
using Ledger.Api.Demo;
using Ledger.Api.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests;

/// <summary>
/// The demo the README's run command loads (<c>Ledger:Demo=true</c>): its decisions cite interactions and report
/// snapshots that are real (recorded by the snapshots code, reproducible byte for byte), and loading it again writes nothing.
/// </summary>
public sealed class DemoSeederTests(DemoLedgerApiFactory factory) : IClassFixture<DemoLedgerApiFactory>
{
    [Fact]
    public async Task The_demos_decisions_cite_interactions_and_report_snapshots_that_reproduce_their_content_hash()
    {
        var auditor = await factory.AuditorAsync();
        var finance = await factory.FinanceAsync();
        var events = await AllEventsAsync(auditor);
        var decisions = events.Where(e => e.GetProperty("eventType").GetString() == "decision-recorded").ToList();
        var snapshots = events.Where(e => e.GetProperty("eventType").GetString() == "report-snapshot-taken").ToList();
        decisions.Count.ShouldBeGreaterThan(10);
        snapshots.Count.ShouldBe(17); // a ROI snapshot every month, outcomes by channel every quarter, one attribution

        var cited = new HashSet<Guid>();
        var citingInteractions = 0;
        foreach (var decision in decisions)
        {
            var id = decision.GetProperty("data").GetProperty("decisionId").GetGuid();
            var lineage = await auditor.GetJsonAsync($"/api/lineage/decisions/{id}?depth=1");
            var nodes = lineage.GetProperty("nodes").EnumerateArray().ToList();
            nodes.Where(n => n.GetProperty("missing").GetBoolean()).ShouldBeEmpty($"decision {id} cites something the ledger does not hold");
            if (nodes.Any(n => n.GetProperty("kind").GetString() == "interaction")) citingInteractions++;
            foreach (var node in nodes.Where(n => n.GetProperty("kind").GetString() == "reportSnapshot"))
            {
                var snapshotId = Guid.Parse(node.GetProperty("id").GetString()!["reportsnapshot:".Length..]);
                node.GetProperty("position").GetInt64().ShouldBeLessThan(decision.GetProperty("position").GetInt64());
                cited.Add(snapshotId);
            }
        }
        citingInteractions.ShouldBe(decisions.Count, "every demo decision cites interactions");
        cited.Count.ShouldBe(snapshots.Count, "every snapshot the demo takes is cited by a decision");

        var hashes = new HashSet<string>();
        foreach (var snapshotId in cited)
        {
            var snapshot = await auditor.GetJsonAsync($"/api/snapshots/{snapshotId}");
            hashes.Add(snapshot.GetProperty("contentHash").GetString()!);
            var position = snapshot.GetProperty("position").GetInt64();
            var content = await auditor.GetAsync(new Uri($"/api/snapshots/{snapshotId}/content", UriKind.Relative));
            await content.ShouldBeAsync(200);
            var bytes = await content.Content.ReadAsByteArrayAsync();
            Convert.ToHexStringLower(SHA256.HashData(bytes)).ShouldBe(snapshot.GetProperty("contentHash").GetString());
            JsonDocument.Parse(bytes).RootElement.GetProperty("asOfPosition").GetInt64().ShouldBe(position);
            // The chain hash it pinned is the log's hash at that position.
            events.Single(e => e.GetProperty("position").GetInt64() == position).GetProperty("hash").GetString()
                .ShouldBe(snapshot.GetProperty("ledgerHashAtPosition").GetString());
            if (snapshot.GetProperty("report").GetString() == "roi")
                (await (await finance.GetAsync(new Uri($"/api/reports/roi?asOf={position}", UriKind.Relative))).Content.ReadAsByteArrayAsync()).ShouldBe(bytes);
        }
        hashes.Count.ShouldBe(cited.Count, "each snapshot pins its own point of the year");
    }

    [Fact]
    public async Task Loading_the_demo_again_writes_nothing()
    {
        var auditor = await factory.AuditorAsync();
        var head = await auditor.HeadPositionAsync();
        head.ShouldBeGreaterThanOrEqualTo(DemoLedgerApiFactory.Events);

        // Directly: every event and snapshot is found already present.
        var start = (await auditor.GetJsonAsync("/api/ledger/events?limit=1")).GetProperty("events")[0].GetProperty("occurredAt").GetDateTimeOffset();
        var again = await factory.Services.GetRequiredService<DemoSeeder>().LoadAsync(DemoLedgerApiFactory.Seed, DemoLedgerApiFactory.Events, start, CancellationToken.None);
        again.Imported.ShouldBe(0);
        again.SnapshotsTaken.ShouldBe(0);
        again.SnapshotsPresent.ShouldBe(17);
        again.AlreadyPresent.ShouldBe(head - 17);
        (await auditor.HeadPositionAsync()).ShouldBe(head);

        // And as the run command does it: a restart over the same ledger.
        await using (var restarted = factory.Restart())
        {
            using var client = restarted.CreateClient();
            (await client.GetAsync(new Uri("/health", UriKind.Relative))).IsSuccessStatusCode.ShouldBeTrue();
        }
        (await auditor.HeadPositionAsync()).ShouldBe(head);
    }

    private static async Task<List<JsonElement>> AllEventsAsync(HttpClient auditor)
    {
        var events = new List<JsonElement>();
        long? after = 0;
        while (after is { } from)
        {
            var page = await auditor.GetJsonAsync($"/api/ledger/events?after={from}&limit=1000");
            events.AddRange(page.GetProperty("events").EnumerateArray());
            after = page.GetProperty("nextAfter").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextAfter").GetInt64();
        }
        return events;
    }
}
