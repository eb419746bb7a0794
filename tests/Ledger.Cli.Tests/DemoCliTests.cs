using System.Text.RegularExpressions;
using Ledger.Testing;

namespace Ledger.Cli.Tests;

/// <summary>
/// <c>ledger demo</c> into a running API's empty ledger: the API loads it (POST /api/demo) and takes its report
/// snapshots, so every decision's lineage resolves and every cited snapshot reproduces; running it again writes nothing.
/// </summary>
public sealed partial class DemoCliTests(RunningApi api) : IClassFixture<RunningApi>
{
    [Fact]
    public async Task Ledger_demo_loads_decisions_whose_snapshots_resolve_and_reproduce_and_again_writes_nothing()
    {
        var first = await Processes.LedgerAsync(api.Environment(), "demo", "--events", "3000", "--seed", "42");

        first.ExitCode.ShouldBe(0, first.Stderr);
        first.Stderr.ShouldContain("loading [");
        var loaded = Summary().Match(first.Stdout);
        loaded.Success.ShouldBeTrue(first.Stdout);
        var written = long.Parse(loaded.Groups["imported"].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        written.ShouldBeGreaterThanOrEqualTo(2_900);
        loaded.Groups["taken"].Value.ShouldBe(DemoLineage.Snapshots.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var head = await api.HeadAsync();
        head.ShouldBe(written + DemoLineage.Snapshots);

        using (var auditor = api.Client(await api.KeyAsync("auditor")))
        using (var finance = api.Client(await api.KeyAsync("finance")))
            await DemoLineage.ShouldResolveAndReproduceAsync(auditor, finance);

        var again = await Processes.LedgerAsync(api.Environment(), "demo", "--events", "3000", "--seed", "42");

        again.ExitCode.ShouldBe(0, again.Stderr);
        again.Stdout.ShouldContain($"0 demo events and 0 report snapshots loaded, {written:N0} events and {DemoLineage.Snapshots} snapshots already present");
        (await api.HeadAsync()).ShouldBe(head);

        // Another seed's demo on this ledger: refused by the loader's rule, nothing written.
        var other = await Processes.LedgerAsync(api.Environment(), "demo", "--events", "1000", "--seed", "7");
        other.ExitCode.ShouldBe(1);
        other.Stderr.ShouldStartWith("ledger: 409 Demo not loaded: the ledger already holds other events");
        (await api.HeadAsync()).ShouldBe(head);
    }

    [Fact]
    public async Task Ledger_demo_needs_an_admin_key()
    {
        var (exit, stdout, stderr) = await Processes.LedgerAsync(api.Environment(await api.KeyAsync("recorder")), "demo", "--events", "1000");

        exit.ShouldBe(1);
        stdout.ShouldBeEmpty();
        stderr.ShouldStartWith("ledger: 403");
    }

    [GeneratedRegex(@"^(?<imported>[\d,]+) demo events and (?<taken>\d+) report snapshots loaded, 0 events and 0 snapshots already present$", RegexOptions.Multiline)]
    private static partial Regex Summary();
}
