using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Shouldly;

namespace Ledger.Testing;

/// <summary>
/// What a loaded demo must show an auditor, whichever way it was loaded (the API's start-up loader, <c>POST /api/demo</c>,
/// <c>ledger demo</c>): every decision's lineage resolves, citing interactions and report snapshots recorded before it,
/// and every cited snapshot reproduces its content hash byte for byte.
/// </summary>
public static class DemoLineage
{
    /// <summary>A ROI snapshot every month, outcomes by channel every quarter, one attribution.</summary>
    public const int Snapshots = 17;

    /// <summary>Asserts all of it; <paramref name="finance"/> re-renders the ROI snapshots as the report endpoint serves them.</summary>
    public static async Task ShouldResolveAndReproduceAsync(HttpClient auditor, HttpClient finance)
    {
        var events = await AllEventsAsync(auditor);
        var decisions = events.Where(e => e.GetProperty("eventType").GetString() == "decision-recorded").ToList();
        var snapshots = events.Where(e => e.GetProperty("eventType").GetString() == "report-snapshot-taken").ToList();
        decisions.Count.ShouldBeGreaterThan(10);
        snapshots.Count.ShouldBe(Snapshots);

        var cited = new HashSet<Guid>();
        var citingInteractions = 0;
        foreach (var decision in decisions)
        {
            var id = decision.GetProperty("data").GetProperty("decisionId").GetGuid();
            var lineage = await auditor.GetFromJsonAsync<JsonElement>($"/api/lineage/decisions/{id}?depth=1");
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
            var snapshot = await auditor.GetFromJsonAsync<JsonElement>($"/api/snapshots/{snapshotId}");
            hashes.Add(snapshot.GetProperty("contentHash").GetString()!);
            var position = snapshot.GetProperty("position").GetInt64();
            using var content = await auditor.GetAsync(new Uri($"/api/snapshots/{snapshotId}/content", UriKind.Relative));
            var bytes = await content.Content.ReadAsByteArrayAsync();
            ((int)content.StatusCode).ShouldBe(200, $"snapshot {snapshotId} does not reproduce: {System.Text.Encoding.UTF8.GetString(bytes)}");
            Convert.ToHexStringLower(SHA256.HashData(bytes)).ShouldBe(snapshot.GetProperty("contentHash").GetString());
            JsonDocument.Parse(bytes).RootElement.GetProperty("asOfPosition").GetInt64().ShouldBe(position);
            // The chain hash it pinned is the log's hash at that position.
            events.Single(e => e.GetProperty("position").GetInt64() == position).GetProperty("hash").GetString()
                .ShouldBe(snapshot.GetProperty("ledgerHashAtPosition").GetString());
            if (snapshot.GetProperty("report").GetString() == "roi")
                (await finance.GetByteArrayAsync(new Uri($"/api/reports/roi?asOf={position}", UriKind.Relative))).ShouldBe(bytes);
        }
        hashes.Count.ShouldBe(cited.Count, "each snapshot pins its own point of the year");
    }

    private static async Task<List<JsonElement>> AllEventsAsync(HttpClient auditor)
    {
        var events = new List<JsonElement>();
        long? after = 0;
        while (after is { } from)
        {
            var page = await auditor.GetFromJsonAsync<JsonElement>($"/api/ledger/events?after={from}&limit=1000");
            events.AddRange(page.GetProperty("events").EnumerateArray());
            after = page.GetProperty("nextAfter").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextAfter").GetInt64();
        }
        return events;
    }
}
