using System.Globalization;
using Ledger.Bench.Scenarios;

namespace Ledger.Bench;

/// <summary>One raw run and the store run that followed it.</summary>
internal sealed record RunPair(RunResult Raw, MemorySample RawMemory, RunResult Store, MemorySample StoreMemory)
{
    public double Ratio => Store.EventsPerSecond / Raw.EventsPerSecond;
}

internal sealed record ScenarioResult(Scenario Scenario, List<RunPair> Repeats);

/// <summary>For each repeat, runs every selected scenario as raw run then store run, so the two alternate.</summary>
internal static class Runner
{
    private static readonly Scenario[] All =
        [new SingleWriter(), new ConcurrentWriters(), new BatchAppends(), new BulkImport(), new SubscriptionCatchUp(), new VerifyChain(), new HttpFloor(), new HttpRecording(), new JsonLinesImport()];

    public static async Task<List<ScenarioResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var scenarios = All.Where(s => context.Options.Scenarios.Contains(s.Key)).ToList();
        var results = scenarios.Select(s => new ScenarioResult(s, [])).ToList();
        foreach (var scenario in scenarios) await scenario.WarmUpAsync(context, cancellationToken);
        for (var repeat = 1; repeat <= context.Options.Repeats; repeat++)
        {
            foreach (var result in results)
            {
                var scenario = result.Scenario;
                var raw = await scenario.RunRawAsync(context, repeat, cancellationToken);
                var rawMemory = MemorySample.Take();
                var store = await scenario.RunStoreAsync(context, repeat, cancellationToken);
                var storeMemory = MemorySample.Take();
                var pair = new RunPair(raw, rawMemory, store, storeMemory);
                result.Repeats.Add(pair);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  repeat {repeat} {scenario.Title,-32} raw {raw.EventsPerSecond,10:N0}/s{Latency(raw)}  store {store.EventsPerSecond,10:N0}/s{Latency(store)}  ratio {pair.Ratio,5:0.00}  " +
                    $"peak WS raw/store {Mb(rawMemory.PeakWorkingSetBytes)}/{Mb(storeMemory.PeakWorkingSetBytes)} MB, managed after {Mb(storeMemory.ManagedBytes)} MB"));
                if (store.Note is not null) Console.WriteLine($"           {store.Note}");
            }
            // Regenerated (untimed) by the next repeat's (d): holding 1M events would inflate the next (a)-(c) memory figures.
            context.BulkRows = null;
        }
        foreach (var result in results) await result.Scenario.CleanUpAsync(context, cancellationToken);
        return results;
    }

    private static string Latency(RunResult r) =>
        r.P50Ms is { } p50 ? string.Create(CultureInfo.InvariantCulture, $" (p50 {p50:0.00} / p99 {r.P99Ms:0.00} ms)") : "";

    public static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("N0", CultureInfo.InvariantCulture);
}
