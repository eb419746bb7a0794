using System.Text;
using System.Text.Json;
using Ledger.EventStore;
using Ledger.EventStore.Verification;
using Ledger.Projections.Demo;
using Ledger.Projections.Serialization;
using Ledger.Testing;

namespace Ledger.Cli.Tests;

public sealed class ImportCliTests(RunningApi api) : IClassFixture<RunningApi>
{
    private const string Header = "message_id,thread_id,sent_at,channel,from,from_name,from_internal,to,subject,text";

    [Fact]
    public async Task A_csv_import_records_each_message_once_and_its_words_are_nowhere()
    {
        var marker = $"QUIXOTIC-{Guid.NewGuid():N}";
        var folder = Directory.CreateTempSubdirectory("ledger-csv-").FullName;
        var cliTemp = Directory.CreateTempSubdirectory("ledger-cli-tmp-").FullName;
        var system = "csv";
        var id = Guid.NewGuid().ToString("N")[..8];
        var csv = Path.Combine(folder, "messages.csv");
        await File.WriteAllTextAsync(csv, string.Join('\n',
            Header,
            $"{id}-1,{id}-a,2026-03-02T09:00:00Z,email,ana@acme.example,Ana,true,bo@client.example,\"Invoice {marker}\",\"Please find the invoice of €1,250.00 attached. {marker}\"",
            $"{id}-2,{id}-a,2026-03-02T10:00:00Z,email,bo@client.example,Bo Ström,false,ana@acme.example,Re: Invoice,\"Thank you so much, Ana! 🙏 {marker}\"",
            $"{id}-3,{id}-b,2026-03-03T11:00:00Z,chat,ana@acme.example,Ana,true,cy@client.example,,\"你好 {marker}, here is the onboarding guide you asked for\"",
            $"{id}-4,{id}-b,2026-03-03T12:00:00Z,chat,cy@client.example,Cy,false,ana@acme.example,,\"مرحبا {marker} — the parcel was delivered\"") + "\n", new UTF8Encoding(false));

        var first = await Processes.LedgerAsync(api.Environment(cliTemp: cliTemp), "import", csv, "--internal-domain", "acme.example");
        var again = await Processes.LedgerAsync(api.Environment(cliTemp: cliTemp), "import", csv, "--internal-domain", "acme.example");

        first.ExitCode.ShouldBe(0, first.Stderr);
        first.Stdout.ShouldContain("4 messages recorded, 0 already recorded, 0 skipped, 0 malformed");
        again.ExitCode.ShouldBe(0, again.Stderr);
        again.Stdout.ShouldContain("0 messages recorded, 4 already recorded");

        // The evidence is there (hash and rule), the words are not: not in the database, the logs or any temp file.
        using var http = api.Client(await api.KeyAsync("recorder"));
        var conversation = DeterministicId.From(Ledger.Import.Interchange.ImportedIds.Conversation(system, $"{id}-a"));
        var view = JsonDocument.Parse(await http.GetStringAsync($"/api/conversations/{conversation}")).RootElement;
        var invoice = view.GetProperty("interactions")[0];
        invoice.GetProperty("contentHash").GetString().ShouldBe(Ledger.Import.Interchange.MessagePreparer.ContentHash($"Please find the invoice of €1,250.00 attached. {marker}"));
        invoice.GetProperty("kind").GetString().ShouldBe("monetary");
        invoice.GetProperty("classification").GetProperty("ruleId").GetString().ShouldNotBeNullOrEmpty();

        var markerBytes = Encoding.UTF8.GetBytes(marker);
        (await PgDump.DumpAsync(api.ConnectionString)).AsSpan().IndexOf(markerBytes).ShouldBe(-1, "pg_dump");
        api.Console.ShouldNotContain(marker);
        (File.Exists(api.LogFile) ? await File.ReadAllTextAsync(api.LogFile) : "").ShouldNotContain(marker);
        foreach (var output in new[] { first.Stdout, first.Stderr, again.Stdout, again.Stderr }) output.ShouldNotContain(marker);
        FilesContaining(folder, markerBytes).ShouldBe([csv], "the search finds the marker where it is");
        FilesContaining(api.TempDirectory, markerBytes).ShouldBeEmpty();
        FilesContaining(cliTemp, markerBytes).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_malformed_record_is_reported_by_file_and_line_then_skipped_or_fatal()
    {
        var folder = Directory.CreateTempSubdirectory("ledger-csv-").FullName;
        var id = Guid.NewGuid().ToString("N")[..8];
        string Csv(string name) => Path.Combine(folder, name);
        string Rows(string prefix) => string.Join('\n',
            Header,
            $"{prefix}-1,{prefix}-t,2026-03-02T09:00:00Z,email,a@acme.example,A,true,b@x.example,,thanks a lot",
            $"{prefix}-2,{prefix}-t,not-a-date,email,b@x.example,B,false,a@acme.example,,secret words",
            $"{prefix}-3,{prefix}-t,2026-03-02T11:00:00Z,email,b@x.example,B,false,a@acme.example,,the parcel was delivered") + "\n";
        await File.WriteAllTextAsync(Csv("skip.csv"), Rows($"{id}s"));
        await File.WriteAllTextAsync(Csv("abort.csv"), Rows($"{id}a"));
        var head = await api.HeadAsync();

        var skipped = await Processes.LedgerAsync(api.Environment(), "import", Csv("skip.csv"));
        var afterSkip = await api.HeadAsync();
        var aborted = await Processes.LedgerAsync(api.Environment(), "import", Csv("abort.csv"), "--on-error", "abort");

        skipped.ExitCode.ShouldBe(2);
        skipped.Stderr.ShouldContain("skip.csv:3:");
        skipped.Stderr.ShouldNotContain("secret words");
        skipped.Stdout.ShouldContain("2 messages recorded, 0 already recorded, 0 skipped, 1 malformed");
        afterSkip.ShouldBeGreaterThan(head);
        aborted.ExitCode.ShouldBe(1);
        aborted.Stderr.Trim().Split('\n')[^1].ShouldStartWith("ledger: aborted at abort.csv:3:");
        (await api.HeadAsync()).ShouldBe(afterSkip, "nothing after the malformed record was sent");
    }

    [Fact]
    public async Task Export_then_import_into_an_empty_ledger_gives_the_same_events_and_a_re_run_writes_nothing()
    {
        var folder = Directory.CreateTempSubdirectory("ledger-roundtrip-").FullName;
        var demo = Path.Combine(folder, "demo.jsonl");
        (await Processes.LedgerAsync(null, "demo", "--events", "3000", "--seed", "11", "-o", demo)).ExitCode.ShouldBe(0);
        var into = await Processes.LedgerAsync(api.Environment(), "import", demo);
        into.ExitCode.ShouldBe(0, into.Stderr);
        var exportA = Path.Combine(folder, "a.jsonl");
        (await Processes.LedgerAsync(api.Environment(), "export", "-o", exportA)).ExitCode.ShouldBe(0);

        var empty = new RunningApi();
        await empty.InitializeAsync();
        using var _ = Disposing(empty);
        var imported = await Processes.LedgerAsync(empty.Environment(), "import", exportA);
        var again = await Processes.LedgerAsync(empty.Environment(), "import", exportA);
        var exportB = Path.Combine(folder, "b.jsonl");
        (await Processes.LedgerAsync(empty.Environment(), "export", "-o", exportB)).ExitCode.ShouldBe(0);

        imported.ExitCode.ShouldBe(0, imported.Stderr);
        var a = (await File.ReadAllLinesAsync(exportA)).Select(LedgerExport.FromLine).ToList();
        var b = (await File.ReadAllLinesAsync(exportB)).Select(LedgerExport.FromLine).ToList();
        b.Count.ShouldBe(a.Count);
        // Everything but what the importing ledger assigns itself: its recording time, and the hash that covers it.
        b.Select(Imported).ShouldBe(a.Select(Imported));
        again.ExitCode.ShouldBe(0, again.Stderr);
        again.Stdout.ShouldContain($"0 events imported, {a.Count:N0} already present");
        (await Processes.LedgerAsync(empty.Environment(), "verify")).Stdout.ShouldStartWith($"intact up to position {a.Count}");
    }

    [Fact]
    public async Task An_import_killed_midway_resumes_on_a_re_run_without_duplicates()
    {
        var ledger = new RunningApi();
        await ledger.InitializeAsync();
        using var _ = Disposing(ledger);
        var file = Path.Combine(Directory.CreateTempSubdirectory("ledger-resume-").FullName, "history.jsonl");
        var lines = DemoEvents.EventsOnly(5, 20_000, DemoEvents.DefaultStart).Select(e => LedgerExport.ToImportLine(e.StreamId, e.Event)).ToList();
        await File.WriteAllLinesAsync(file, lines);

        using (var import = Processes.StartLedger(ledger.Environment(), "import", file, "--batch-size", "200"))
        {
            // Kill it once some batches are in, well before the end.
            while (await ledger.HeadAsync() < 2_000)
            {
                if (import.HasExited) Assert.Fail($"The import ended by itself (exit {import.ExitCode}) before it could be interrupted.");
                await Task.Delay(20);
            }
            import.Kill(entireProcessTree: true);
            await import.WaitForExitAsync();
        }
        await Task.Delay(1_000); // a batch the API was writing when the client died completes or rolls back

        var atKill = await ledger.HeadAsync();
        var resumed = await Processes.LedgerAsync(ledger.Environment(), "import", file);

        atKill.ShouldBeLessThan(lines.Count);
        resumed.ExitCode.ShouldBe(0, resumed.Stderr);
        resumed.Stdout.ShouldContain($"{lines.Count - atKill:N0} events imported, {atKill:N0} already present");
        (await ledger.HeadAsync()).ShouldBe(lines.Count);
        (await Processes.LedgerAsync(ledger.Environment(), "verify")).Stdout.ShouldStartWith($"intact up to position {lines.Count}");
    }

    private static object Imported(StoredEvent e) =>
        (e.Position, e.StreamId, e.StreamVersion, e.EventId, e.EventType, e.SchemaVersion, e.Data, e.Actor, e.CorrelationId, e.CausationId, e.OccurredAt);

    private static IDisposable Disposing(RunningApi running) => new Disposer(running);

    private sealed class Disposer(RunningApi running) : IDisposable
    {
        public void Dispose() => running.DisposeAsync().GetAwaiter().GetResult();
    }

    private static List<string> FilesContaining(string folder, byte[] marker) =>
        // Empty entries are skipped: they cannot hold the marker, and the runtime's diagnostic pipes and sockets (which
        // would block a read) are among them.
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => new FileInfo(f).Length > 0).Where(f =>
        {
            try
            {
                return File.ReadAllBytes(f).AsSpan().IndexOf(marker) >= 0;
            }
            catch (IOException)
            {
                return false;
            }
        })];
}
