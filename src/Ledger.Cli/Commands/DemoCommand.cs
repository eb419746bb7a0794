using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ledger.EventStore.Verification;
using Ledger.Projections.Demo;

namespace Ledger.Cli.Commands;

/// <summary>demo: the seeded demo company, loaded into a ledger (admin) or written as JSON Lines for 'ledger import'.</summary>
internal static class DemoCommand
{
    private const int MaxBatchBytes = 3_500_000;

    public static Command Create()
    {
        var events = new Option<long>("--events") { Description = "About how many events (1,000 to 10,000,000)", DefaultValueFactory = _ => 10_000 };
        events.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long>() is < 1_000 or > 10_000_000) r.AddError("--events must be between 1,000 and 10,000,000");
        });
        var seed = new Option<int>("--seed") { Description = "Same seed, same company and history", DefaultValueFactory = _ => 42 };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write JSON Lines here instead of loading the ledger" };
        var command = new Command("demo",
            "Generate the demo company (departments in several countries, customers, partners and community members, initiatives with costs, " +
            "a year of conversations of all four kinds, corrections, decisions): load it into the ledger (admin) or write it as JSON Lines.\n" +
            "  example: ledger demo --events 100000\n  example: ledger demo --events 1000000 --seed 7 -o demo.jsonl")
        {
            events, seed, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var size = parse.GetValue(events);
            // Report snapshots need a ledger that renders reports: 'ledger demo' leaves them out (the API's own demo loader takes them).
            var history = DemoEvents.EventsOnly(parse.GetValue(seed), size, DemoEvents.DefaultStart);
            if (parse.GetValue(output) is { } file)
            {
                var bar = new ProgressBar("generating", size, "events");
                await using var writer = new StreamWriter(file.FullName, append: false, new UTF8Encoding(false));
                long written = 0;
                foreach (var (streamId, e) in history)
                {
                    await writer.WriteLineAsync(LedgerExport.ToImportLine(streamId, e).AsMemory(), ct);
                    bar.Report(++written);
                }
                bar.Finish();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {written:N0} demo events to {file.FullName}; load them with 'ledger import {file.Name}'"));
                return 0;
            }
            using var api = CommonOptions.Api(parse);
            var loading = new ProgressBar("loading", size, "events");
            long imported = 0, present = 0, sent = 0;
            var batch = new StringBuilder(MaxBatchBytes + 10_000);
            foreach (var (streamId, e) in history)
            {
                var line = LedgerExport.ToImportLine(streamId, e);
                if (batch.Length + line.Length > MaxBatchBytes) await SendAsync();
                batch.Append(line).Append('\n');
                sent++;
            }
            await SendAsync();
            loading.Finish();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{imported:N0} demo events loaded, {present:N0} already present"));
            return 0;

            async Task SendAsync()
            {
                if (batch.Length == 0) return;
                using var response = await api.PostContentAsync("/api/imports/events", new StringContent(batch.ToString(), Encoding.UTF8, "application/x-ndjson"), ct);
                imported += response.RootElement.GetProperty("imported").GetInt64();
                present += response.RootElement.GetProperty("alreadyPresent").GetInt64();
                loading.Report(sent);
                batch.Clear();
            }
        });
        return command;
    }
}
