using System.CommandLine;
using System.Globalization;
using System.Text;
using Ledger.EventStore.Verification;
using Ledger.Projections.Demo;

namespace Ledger.Cli.Commands;

/// <summary>
/// demo: the seeded demo company, loaded into a ledger through the API (admin; <c>POST /api/demo</c>, which takes its
/// report snapshots) or written as JSON Lines of its events for 'ledger import'.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var events = new Option<long>("--events") { Description = "About how many events (1,000 to 10,000,000)", DefaultValueFactory = _ => 10_000 };
        events.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long>() is < 1_000 or > 10_000_000) r.AddError("--events must be between 1,000 and 10,000,000");
        });
        var seed = new Option<int>("--seed") { Description = "Same seed, same company and history (0 to 2,147,483,647)", DefaultValueFactory = _ => 42 };
        seed.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0) r.AddError("--seed must be between 0 and 2,147,483,647");
        });
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write JSON Lines (events only, no report snapshots) here instead of loading the ledger" };
        var command = new Command("demo",
            "Generate the demo company (departments in several countries, customers, partners and community members, initiatives with costs, " +
            "a year of conversations of all four kinds, corrections, decisions citing report snapshots).\n" +
            "Into the ledger (admin): the API loads it and takes its report snapshots, so every decision's lineage resolves; it loads only into " +
            "an empty ledger or one the same demo started (running it again writes nothing, or finishes an interrupted load).\n" +
            "With -o: JSON Lines of the events only (no snapshots), for 'ledger import'.\n" +
            "  example: ledger demo --events 100000\n  example: ledger demo --events 1000000 --seed 7 -o demo.jsonl")
        {
            events, seed, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var size = parse.GetValue(events);
            if (parse.GetValue(output) is { } file)
            {
                // A file carries events only: report snapshots need a ledger that renders reports (loading through the API takes them).
                var history = DemoEvents.EventsOnly(parse.GetValue(seed), size, DemoEvents.DefaultStart);
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
            // Into a ledger: the API loads it (POST /api/demo), so the history's report snapshots are really taken and
            // the decisions citing them resolve. A large demo takes minutes: the load is a job whose progress is polled.
            using var api = CommonOptions.Api(parse);
            using var started = await api.PostAsync("/api/demo", new { seed = parse.GetValue(seed), events = size }, ct);
            var loadId = started.RootElement.GetProperty("loadId").GetGuid();
            var loading = new ProgressBar("loading", size, "events");
            while (true)
            {
                await Task.Delay(250, ct);
                using var status = await api.GetAsync($"/api/demo/{loadId}", ct);
                var s = status.RootElement;
                var done = s.GetProperty("progress").GetInt64();
                var state = s.GetProperty("state").GetString();
                if (state == "running")
                {
                    loading.Report(done);
                    continue;
                }
                // The size asked for is approximate: a finished load is complete at the count it really has.
                loading.Report(done, state == "completed" ? done : null);
                loading.Finish();
                if (state != "completed")
                    throw new CliException($"demo load {loadId} {state}: {(s.TryGetProperty("error", out var e) ? e.GetString() : "no detail")}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.GetProperty("imported").GetInt64():N0} demo events and {s.GetProperty("snapshotsTaken").GetInt32()} report snapshots loaded, " +
                    $"{s.GetProperty("alreadyPresent").GetInt64():N0} events and {s.GetProperty("snapshotsPresent").GetInt32()} snapshots already present"));
                return 0;
            }
        });
        return command;
    }
}
