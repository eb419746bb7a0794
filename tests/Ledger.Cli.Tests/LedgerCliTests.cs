using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Testing;

namespace Ledger.Cli.Tests;

public sealed class LedgerCliTests
{
    [Fact]
    public async Task Help_lists_every_command_with_an_example()
    {
        var (exit, stdout, _) = await Processes.LedgerAsync(null, "--help");
        exit.ShouldBe(0);
        foreach (var command in new[] { "import", "classify", "export", "verify", "digest", "report", "pilot", "rebuild", "keys", "demo" })
            stdout.ShouldContain(command);
    }

    [Theory]
    [InlineData("import")]
    [InlineData("classify")]
    [InlineData("export")]
    [InlineData("verify")]
    [InlineData("digest")]
    [InlineData("report")]
    [InlineData("pilot", "run")]
    [InlineData("rebuild")]
    [InlineData("keys")]
    [InlineData("keys", "create")]
    [InlineData("keys", "list")]
    [InlineData("keys", "revoke")]
    [InlineData("demo")]
    public async Task Every_command_has_help_with_an_example(params string[] command)
    {
        var (exit, stdout, _) = await Processes.LedgerAsync(null, [.. command, "--help"]);
        exit.ShouldBe(0);
        stdout.ShouldContain($"example: ledger {string.Join(' ', command)}");
    }

    [Fact]
    public async Task An_unreachable_api_is_one_line_on_stderr_and_a_non_zero_exit()
    {
        var (exit, stdout, stderr) = await Processes.LedgerAsync(null, "verify", "--url", $"http://127.0.0.1:{Processes.FreePort()}");
        exit.ShouldBe(1);
        stdout.ShouldBeEmpty();
        stderr.Trim().ShouldStartWith("ledger: cannot reach the Ledger API");
        stderr.Trim().ShouldNotContain("\n");
    }

    [Theory]
    [InlineData("report", "bogus")]
    [InlineData("verify", "--from", "notanumber")]
    [InlineData("frobnicate")]
    public async Task Bad_input_exits_non_zero_without_a_stack_trace(params string[] args)
    {
        var (exit, _, stderr) = await Processes.LedgerAsync(null, args);
        exit.ShouldNotBe(0);
        stderr.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task Rebuild_verify_and_digest_work_against_a_running_api()
    {
        var port = Processes.FreePort();
        var admin = "ldg_cli_admin_" + Guid.NewGuid().ToString("N");
        var apiOutput = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var api = Processes.StartApi(await TestPostgres.CreateDatabaseAsync("cli"), port, admin, console: apiOutput.Enqueue);
        try
        {
            await Processes.WaitHealthyAsync(port);
            var env = new Dictionary<string, string> { ["LEDGER_URL"] = $"http://127.0.0.1:{port}", ["LEDGER_API_KEY"] = admin };

            var rebuild = await Processes.LedgerAsync(env, "rebuild", "transactions");
            rebuild.ExitCode.ShouldBe(0, rebuild.Stderr);
            rebuild.Stdout.ShouldContain("rebuilding transactions into transactions_v1_r");
            var unknown = await Processes.LedgerAsync(env, "rebuild", "nope");
            unknown.ExitCode.ShouldBe(1);
            unknown.Stderr.ShouldContain("ledger: 400 Unknown projection 'nope'");

            var verify = await Processes.LedgerAsync(env, "verify");
            verify.ExitCode.ShouldBe(0, verify.Stderr);
            verify.Stdout.ShouldStartWith("intact up to position");

            var file = Path.Combine(Path.GetTempPath(), $"digest-{Guid.NewGuid():N}.json");
            (await Processes.LedgerAsync(env, "digest", "-o", file)).ExitCode.ShouldBe(0);
            using var digest = JsonDocument.Parse(await File.ReadAllTextAsync(file));
            digest.RootElement.GetProperty("signature").GetString().ShouldNotBeNullOrEmpty();

            // Put a few events in the log through the API.
            using (var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") })
            {
                client.DefaultRequestHeaders.Add("X-Api-Key", admin);
                var key = await (await client.PostAsJsonAsync("/api/keys", new { name = "rec", role = "recorder" })).Content.ReadFromJsonAsync<JsonElement>();
                client.DefaultRequestHeaders.Remove("X-Api-Key");
                client.DefaultRequestHeaders.Add("X-Api-Key", key.GetProperty("secret").GetString());
                for (var i = 0; i < 3; i++)
                    (await client.PostAsJsonAsync("/api/participants", new { type = "internal", department = "sales" })).EnsureSuccessStatusCode();
            }
            (await Processes.LedgerAsync(env, "digest", "-o", file)).ExitCode.ShouldBe(0);

            // Export, then verify offline against the digest — and catch a tampered copy at the right position.
            var export = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}.jsonl");
            var exported = await Processes.LedgerAsync(env, "export", "-o", export);
            exported.ExitCode.ShouldBe(0, exported.Stderr);
            var lines = await File.ReadAllLinesAsync(export);
            lines.Length.ShouldBeGreaterThan(0);
            var offline = await Processes.LedgerAsync(null, "verify", "--file", export, "--digest", file);
            offline.ExitCode.ShouldBe(0, offline.Stderr);
            offline.Stdout.ShouldStartWith($"intact up to position {lines.Length}");
            lines[0] = lines[0].Replace("\"actor\":\"", "\"actor\":\"x", StringComparison.Ordinal);
            await File.WriteAllLinesAsync(export, lines);
            var tampered = await Processes.LedgerAsync(null, "verify", "--file", export, "--digest", file);
            tampered.ExitCode.ShouldBe(2);
            tampered.Stderr.ShouldContain("first bad position 1");

            // The rebuild was swapped in by the API: the projections endpoint shows the new table set active.
            using var http = new HttpClient();
            http.DefaultRequestHeaders.Add("X-Api-Key", admin);
            // Generous: the whole suite runs its assemblies side by side on two cores (10 s was once not enough in CI).
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                var statuses = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{port}/api/projections");
                if (statuses.EnumerateArray().Any(s => s.GetProperty("active").GetBoolean() && s.GetProperty("tableSet").GetString()!.Contains("_r", StringComparison.Ordinal))) return;
                await Task.Delay(200);
            }
            Assert.Fail($"The rebuilt table set was never swapped in. The API wrote:{Environment.NewLine}{string.Join(Environment.NewLine, apiOutput.TakeLast(40))}");
        }
        finally
        {
            api.Kill(entireProcessTree: true);
        }
    }
}
