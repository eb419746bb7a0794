using Ledger.Api.Demo;
using Ledger.Api.Security;
using Ledger.Api.Tests.Harness;
using Ledger.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests;

/// <summary>
/// The demo the README's run command loads (<c>Ledger:Demo=true</c>): its decisions cite interactions and report
/// snapshots that are real (recorded by the snapshots code, reproducible byte for byte), and loading it again writes nothing.
/// </summary>
public sealed class DemoSeederTests(DemoLedgerApiFactory factory) : IClassFixture<DemoLedgerApiFactory>
{
    [Fact]
    public async Task The_demos_decisions_cite_interactions_and_report_snapshots_that_reproduce_their_content_hash() =>
        await DemoLineage.ShouldResolveAndReproduceAsync(await factory.AuditorAsync(), await factory.FinanceAsync());

    [Fact]
    public async Task Loading_the_demo_again_writes_nothing()
    {
        var auditor = await factory.AuditorAsync();
        var head = await auditor.HeadPositionAsync();
        head.ShouldBeGreaterThanOrEqualTo(DemoLedgerApiFactory.Events);

        // Directly: every event and snapshot is found already present.
        var start = (await auditor.GetJsonAsync("/api/ledger/events?limit=1")).GetProperty("events")[0].GetProperty("occurredAt").GetDateTimeOffset();
        var again = await factory.Services.GetRequiredService<DemoSeeder>().LoadAsync(DemoLedgerApiFactory.Seed, DemoLedgerApiFactory.Events, start, null, CancellationToken.None);
        again.Imported.ShouldBe(0);
        again.SnapshotsTaken.ShouldBe(0);
        again.SnapshotsPresent.ShouldBe(DemoLineage.Snapshots);
        again.AlreadyPresent.ShouldBe(head - DemoLineage.Snapshots);
        (await auditor.HeadPositionAsync()).ShouldBe(head);

        // And as the run command does it: a restart over the same ledger.
        await using (var restarted = factory.Restart())
        {
            using var client = restarted.CreateClient();
            (await client.GetAsync(new Uri("/health", UriKind.Relative))).IsSuccessStatusCode.ShouldBeTrue();
        }
        (await auditor.HeadPositionAsync()).ShouldBe(head);
    }

    [Fact]
    public async Task Loading_the_demo_again_through_the_endpoint_writes_nothing()
    {
        var admin = await factory.ClientAsync(Roles.Admin);
        var auditor = await factory.AuditorAsync();
        var head = await auditor.HeadPositionAsync();

        var started = await (await admin.PostJsonAsync("/api/demo", new { seed = DemoLedgerApiFactory.Seed, events = DemoLedgerApiFactory.Events })).ShouldBeAsync(202);
        var load = await admin.DemoLoadFinishedAsync(started.GetProperty("loadId").GetGuid());

        load.GetProperty("state").GetString().ShouldBe("completed", load.ToString());
        load.GetProperty("imported").GetInt64().ShouldBe(0);
        load.GetProperty("snapshotsTaken").GetInt32().ShouldBe(0);
        load.GetProperty("snapshotsPresent").GetInt32().ShouldBe(DemoLineage.Snapshots);
        load.GetProperty("alreadyPresent").GetInt64().ShouldBe(head - DemoLineage.Snapshots);
        load.GetProperty("progress").GetInt64().ShouldBe(head - DemoLineage.Snapshots);
        (await auditor.HeadPositionAsync()).ShouldBe(head);
    }

    [Fact]
    public async Task The_endpoint_refuses_another_seeds_demo_on_a_ledger_holding_this_one()
    {
        var admin = await factory.ClientAsync(Roles.Admin);
        var auditor = await factory.AuditorAsync();
        var head = await auditor.HeadPositionAsync();

        var problem = await (await admin.PostJsonAsync("/api/demo", new { seed = 7, events = 1_000 })).ShouldBeProblemAsync(409);

        problem.GetProperty("detail").GetString()!.ShouldContain("other events");
        (await auditor.HeadPositionAsync()).ShouldBe(head);
    }
}
