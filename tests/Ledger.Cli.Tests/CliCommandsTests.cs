using System.Text.Json;

namespace Ledger.Cli.Tests;

/// <summary>classify, keys and pilot run against a real API (with the demo company loaded for pilots).</summary>
public sealed class CliCommandsTests(CliCommandsTests.DemoApi api) : IClassFixture<CliCommandsTests.DemoApi>
{
    /// <summary>A running API whose ledger holds the demo company.</summary>
    public sealed class DemoApi : RunningApi
    {
        public DemoApi()
            : base(demo: true)
        {
        }
    }

    [Fact]
    public async Task Classify_explain_shows_the_rule_that_fired_for_each_sample_and_why()
    {
        var samples = Path.Combine(Directory.CreateTempSubdirectory("ledger-classify-").FullName, "samples.txt");
        await File.WriteAllLinesAsync(samples, ["Please find the invoice of €1,250.00 attached.", "", "Thank you so much, this is great! 🙏", "ok"]);

        var (exit, stdout, stderr) = await Processes.LedgerAsync(null, "classify", "--explain", samples);

        exit.ShouldBe(0, stderr);
        var blocks = stdout.Split("samples.txt:", StringSplitOptions.RemoveEmptyEntries);
        blocks.Length.ShouldBe(3, stdout);
        blocks[0].ShouldStartWith("1\n");
        blocks[0].ShouldContain("kind        monetary");
        blocks[0].ShouldContain("revenue 1250.00 EUR");
        blocks[0].ShouldContain("rule        invoice-revenue");
        blocks[1].ShouldStartWith("3\n");
        blocks[1].ShouldContain("kind        emotional");
        blocks[1].ShouldContain("rule        positive-sentiment");
        blocks[2].ShouldContain("rule        fallback, confidence 0.20");
    }

    [Fact]
    public async Task Classify_with_a_broken_rule_file_is_one_line_naming_where()
    {
        var folder = Directory.CreateTempSubdirectory("ledger-rules-").FullName;
        var rules = Path.Combine(folder, "rules.yaml");
        await File.WriteAllTextAsync(rules, "version: 1\nrules:\n  - id: x\n    confidence: 0.5\n    colour: blue\n    output: { kind: monetary, direction: revenue }\n");
        var samples = Path.Combine(folder, "s.txt");
        await File.WriteAllTextAsync(samples, "hello\n");

        var (exit, stdout, stderr) = await Processes.LedgerAsync(null, "classify", "--explain", samples, "--rules", rules);

        exit.ShouldBe(1);
        stdout.ShouldBeEmpty();
        stderr.Trim().ShouldStartWith("ledger: rules.yaml:5:");
        stderr.Trim().ShouldNotContain("\n");
    }

    [Fact]
    public async Task Keys_are_created_listed_and_revoked()
    {
        var env = api.Environment();
        var created = await Processes.LedgerAsync(env, "keys", "create", "--name", "auditors", "--role", "auditor");
        created.ExitCode.ShouldBe(0, created.Stderr);
        var keyId = created.Stdout.Split(' ')[1];
        var secret = created.Stdout.Trim().Split(' ')[^1];

        var listed = await Processes.LedgerAsync(env, "keys", "list");
        var revoked = await Processes.LedgerAsync(env, "keys", "revoke", keyId);
        var refused = await Processes.LedgerAsync(api.Environment(secret), "verify");
        var afterwards = await Processes.LedgerAsync(env, "keys", "list");

        listed.Stdout.Split('\n').Single(l => l.StartsWith(keyId, StringComparison.Ordinal)).ShouldContain("auditor    no");
        revoked.ExitCode.ShouldBe(0, revoked.Stderr);
        refused.ExitCode.ShouldBe(1);
        refused.Stderr.ShouldStartWith("ledger: 401");
        afterwards.Stdout.Split('\n').Single(l => l.StartsWith(keyId, StringComparison.Ordinal)).ShouldContain("auditor    yes");
    }

    [Fact]
    public async Task A_pilot_runs_to_completion_and_prints_what_changed()
    {
        var pilot = await api.KeyAsync("pilot");
        var hypothesis = Path.Combine(Directory.CreateTempSubdirectory("ledger-pilot-").FullName, "no-email.json");
        await File.WriteAllTextAsync(hypothesis, JsonSerializer.Serialize(new { name = "no e-mail", statement = "What if e-mail had never happened?", drop = new { channels = new[] { "email" } } }));

        var (exit, stdout, stderr) = await Processes.LedgerAsync(api.Environment(pilot), "pilot", "run", hypothesis);

        exit.ShouldBe(0, stderr);
        stdout.ShouldStartWith("hypothesis 'no e-mail' at position ");
        stdout.ShouldContain("result hash ");
        stdout.Split('\n').Count(l => l.EndsWith(" *", StringComparison.Ordinal)).ShouldBeGreaterThan(0, "dropping a channel changes some figure");
    }

    [Fact]
    public async Task A_pilot_key_cannot_manage_keys()
    {
        var pilot = await api.KeyAsync("pilot");
        var (exit, _, stderr) = await Processes.LedgerAsync(api.Environment(pilot), "keys", "list");
        exit.ShouldBe(1);
        stderr.ShouldStartWith("ledger: 403");
    }
}
