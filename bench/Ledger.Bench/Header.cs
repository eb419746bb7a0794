using System.Globalization;
using System.Runtime.InteropServices;

namespace Ledger.Bench;

/// <summary>What was measured on what: printed before the runs, and the final table after them.</summary>
internal static class Header
{
    public static async Task PrintAsync(BenchContext context, string server, CancellationToken cancellationToken)
    {
        var options = context.Options;
        Console.WriteLine("Ledger.EventStore benchmark (store vs raw Npgsql, same server, same run)");
        Console.WriteLine($"  server:    {server}");
        await using (var command = context.RawDataSource.CreateCommand(
            "SELECT version(), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('full_page_writes'), " +
            "current_setting('shared_buffers'), current_setting('max_wal_size')"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            Console.WriteLine($"  postgres:  {reader.GetString(0).Split(" on ")[0]}; fsync={reader.GetString(1)}, synchronous_commit={reader.GetString(2)}, " +
                              $"full_page_writes={reader.GetString(3)}, shared_buffers={reader.GetString(4)}, max_wal_size={reader.GetString(5)}");
            if (reader.GetString(1) != "on" || reader.GetString(2) != "on")
                Console.WriteLine("  WARNING:   the server is not durable (fsync and synchronous_commit must be on): figures are not comparable.");
        }
        Console.WriteLine($"  machine:   {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, Server GC={System.Runtime.GCSettings.IsServerGC}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  runs:      scenarios {string.Join(',', options.Scenarios.Order())}, {options.Repeats} repeats (raw run, then store run, alternating), " +
            $"{options.Duration.TotalSeconds:0.#} s per timed run (+ warm-up), {options.BulkEvents:N0} bulk events"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  payloads:  seeded JSON, {context.Payloads.MinBytes}-{context.Payloads.MaxBytes} bytes (avg {context.Payloads.AverageBytes:0}), identical bytes for raw and store"));
        Console.WriteLine($"  baseline:  {RawBaseline.Description}");
        Console.WriteLine("  each run starts after CHECKPOINT and a full GC; fresh store schema per store run, fresh raw_events per raw run");
        Console.WriteLine();
    }

    public static void PrintResults(BenchContext context, IReadOnlyList<ScenarioResult> results)
    {
        Console.WriteLine();
        Console.WriteLine($"Results: medians of {context.Options.Repeats} repeats; ratio = median of (store / raw) over the paired runs; " +
                          "p50/p99 = per-call latency (medians of the repeats' percentiles).");
        Console.WriteLine("Peak WS = peak resident set of this process during the run (client side only; max over repeats); managed = GC heap after the last store run.");
        Console.WriteLine("(e) and (f) have absolute targets; their baselines are informative. (g) has no target: it is (h) without the ledger.");
        Console.WriteLine();
        Console.Write(Report.Table(results, markdown: false));
        Console.WriteLine();
        PrintLedgerShareOfFloor(results);
        var misses = results.Where(r => !Report.Passes(r)).Select(r => r.Scenario.Title).ToList();
        Console.WriteLine(misses.Count == 0 ? "All targets met." : $"MISS: {string.Join("; ", misses)}");
        if (context.Options.MarkdownFile is { } file)
        {
            File.WriteAllText(file, Report.Table(results, markdown: true));
            Console.WriteLine($"Markdown table written to {file}");
        }
    }

    /// <summary>When (g) and (h) ran together: the ledger's rate as a share of the floor's, per repeat and median.</summary>
    private static void PrintLedgerShareOfFloor(IReadOnlyList<ScenarioResult> results)
    {
        if (results.FirstOrDefault(r => r.Scenario.Key == 'g') is not { } floor || results.FirstOrDefault(r => r.Scenario.Key == 'h') is not { } ledger) return;
        var shares = floor.Repeats.Zip(ledger.Repeats, (f, l) => l.Store.EventsPerSecond / f.Store.EventsPerSecond).ToList();
        var floorToRaw = Stats.Median(floor.Repeats.Select(r => r.Ratio));
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"(h) / (g): the ledger records {Stats.Median(shares):0.00}x the floor's rate (repeats {string.Join(" / ", shares.Select(s => s.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))}); " +
            $"the floor itself reaches {floorToRaw:0.00}x r2."));
        Console.WriteLine();
    }
}
