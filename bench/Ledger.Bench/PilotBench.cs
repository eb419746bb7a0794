using System.Diagnostics;
using System.Globalization;
using Ledger.Domain;
using Ledger.EventStore;
using Ledger.Projections.Analytics;
using Ledger.Projections.Pilots;
using Ledger.Projections.Reports;
using Ledger.Projections.Serialization;
using Ledger.Projections.Transactions;
using NpgsqlTypes;

namespace Ledger.Bench;

/// <summary>
/// Issue 6's pilot figures over the projection bench's log (run alone with <c>--projections --only pilots</c>):
/// (p) a pilot replay of the whole log with the full report set, after a breakdown of where its time goes (each stage
/// timed on its own, then pipelined); (s) one writer's appends alone, then beside two pilot runs in a loop.
/// </summary>
internal static class PilotBench
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    public sealed record Figures(long Events, List<double> RunSeconds, Appends Alone, Appends Beside);

    public sealed record Appends(double PerSecond, double P50Ms, double P99Ms);

    /// <summary>Every hypothesis kind the bench uses drops the email transactions, so both sides' reports are computed.</summary>
    private static Hypothesis DropEmail(long head) => new("bench", "drop email", head, Drop: new TransactionFilter(Channels: ["email"]));

    public static async Task<Figures> RunAsync(EventStore.EventStore store, long head, int repeats, CancellationToken cancellationToken, bool diagnose = false)
    {
        var one = new PilotRunOptions(Workers: 1);
        var two = new PilotRunOptions(Workers: 2);
        var pipelined = new PilotRunOptions(Workers: 2, PipelinedRead: true);
        Console.WriteLine("  (p) where a pilot's time goes (each stage alone, then pipelined):");
        var (read, readSeconds) = await TimeAsync(() => ReadAsync(store, head, decode: false, cancellationToken));
        Stage($"read: binary COPY of the {read:N0} events the fold uses", readSeconds);
        Stage("read + decode (upcasters, JSON)", (await TimeAsync(() => ReadAsync(store, head, decode: true, cancellationToken))).Seconds);
        var (data, sequential) = await TimeAsync(() => PilotRunner.ReplayAsync(store, head, null, one, cancellationToken));
        Stage("read + decode + fold, 1 worker", sequential);
        Stage("read + decode + fold, 2 workers (pipelined)", (await TimeAsync(() => PilotRunner.ReplayAsync(store, head, null, pipelined, cancellationToken))).Seconds);
        var (model, rates) = await ReportSettings.LoadAsync(store, head, cancellationToken);
        ReportBreakdown(data, model, rates);
        Stage("report set x 2 (baseline, hypothesis), 1 worker", (await TimeAsync(() => PilotReplay.CompareAsync(DropEmail(head), data, model, rates, one, cancellationToken))).Seconds);
        Stage("report set x 2, 2 workers", (await TimeAsync(() => PilotReplay.CompareAsync(DropEmail(head), data, model, rates, two, cancellationToken))).Seconds);

        var runs = new List<double>();
        for (var i = 0; i < Math.Max(1, repeats); i++)
        {
            GC.Collect();
            var (gen0, gen1, gen2, allocated) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes());
            runs.Add((await TimeAsync(() => PilotRunner.RunAsync(store, DropEmail(head), null, cancellationToken))).Seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  repeat {i + 1} (p) pilot run {runs[^1]:0.00} s; GCs gen0/1/2 {GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2}, allocated {(GC.GetTotalAllocatedBytes() - allocated) / 1e9:0.0} GB"));
        }

        var alone = await AppendAsync(store, Window, cancellationToken);
        if (diagnose) await DiagnoseAppendsAsync(store, head, alone, cancellationToken);
        using var pilots = new CancellationTokenSource();
        var running = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            try
            {
                while (!pilots.IsCancellationRequested) await PilotRunner.RunAsync(store, DropEmail(head), null, pilots.Token);
            }
            catch (OperationCanceledException)
            {
                // stopped
            }
        })).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var beside = await AppendAsync(store, Window, cancellationToken);
        await pilots.CancelAsync();
        await Task.WhenAll(running);
        return new Figures(head, runs, alone, beside);
    }

    /// <summary>
    /// What slows appends beside pilots, one part of a pilot at a time: (A) two replays' data held in memory with no
    /// pilot working; (B) two unpaced loops of the pilot's read and decode alone (what pacing must tame).
    /// </summary>
    private static async Task DiagnoseAppendsAsync(EventStore.EventStore store, long head, Appends alone, CancellationToken cancellationToken)
    {
        var one = new PilotRunOptions(Workers: 1);
        var held = new[] { await PilotRunner.ReplayAsync(store, head, null, one, cancellationToken), await PilotRunner.ReplayAsync(store, head, null, one, cancellationToken) };
        GC.Collect();
        Diagnosis("(A) beside two replays' data held, idle", await AppendAsync(store, Window, cancellationToken), alone);
        GC.KeepAlive(held);
        held = null;
        GC.Collect();

        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Factory.StartNew(() =>
        {
            try
            {
                while (!stop.IsCancellationRequested) ReadAsync(store, head, decode: true, stop.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                // stopped
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var beside = await AppendAsync(store, Window, cancellationToken);
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Diagnosis("(B) beside two unpaced read + decode loops", beside, alone);
    }

    private static void Diagnosis(string name, Appends beside, Appends alone) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name}: {beside.PerSecond:N0}/s (p50 {beside.P50Ms:0.00} / p99 {beside.P99Ms:0.00} ms), {beside.PerSecond / alone.PerSecond:0.00}x of alone"));

    public static void Print(Figures f, Action<string, string, string, bool> row)
    {
        var median = Stats.Median(f.RunSeconds);
        row($"(p) pilot replay of {f.Events:N0} events", $"median {median:0.0} s", "<= 10 s (1M)", median * 1_000_000 / f.Events <= 10);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"(s) 1 writer appending: alone {f.Alone.PerSecond:N0}/s (p50 {f.Alone.P50Ms:0.00} / p99 {f.Alone.P99Ms:0.00} ms), beside 2 running pilot replays " +
            $"{f.Beside.PerSecond:N0}/s (p50 {f.Beside.P50Ms:0.00} / p99 {f.Beside.P99Ms:0.00} ms): {f.Beside.PerSecond / f.Alone.PerSecond:0.00}x"));
    }

    /// <summary>Each report of the set alone, once, on the baseline's data: where the report set's time and allocations go.</summary>
    private static void ReportBreakdown(ReportData data, ValuationModel model, ConversionRates rates)
    {
        var attribution = AttributionSettings.Default;
        (string Name, Action Run)[] reports =
        [
            ("ROI by initiative", () => RoiByInitiative.Compute(data, model, rates)),
            ("outcomes by quarter and kind", () => OutcomeReport.Compute(data.Facts, model, rates, PeriodGranularity.Quarter, new HashSet<OutcomeDimension>())),
            ("attribution", () => AttributionReport.Compute(data, rates, attribution.ToModel(), TimeSpan.FromDays(attribution.LookbackDays))),
            ("relationship map", () => RelationshipMap.Compute(data)),
        ];
        foreach (var (name, run) in reports)
        {
            GC.Collect();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var started = Stopwatch.GetTimestamp();
            run();
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"      report alone: {name,-38} {seconds,6:0.00} s, {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e9:0.00} GB allocated"));
        }
    }

    private static void Stage(string name, double seconds) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"      {name,-52} {seconds,6:0.00} s"));

    private static async Task<(T Result, double Seconds)> TimeAsync<T>(Func<Task<T>> run)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await run();
        return (result, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>The pilot's read (same statement, same columns) without the fold: optionally decoded as the pilot decodes.</summary>
    private static async Task<long> ReadAsync(EventStore.EventStore store, long head, bool decode, CancellationToken cancellationToken)
    {
        var types = string.Join(", ", EventTypes.All.Where(e => TransactionFolder.FoldedTypes.Contains(e.Type)).Select(e => $"'{e.Name}'"));
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var exporter = await connection.BeginBinaryExportAsync(string.Create(CultureInfo.InvariantCulture,
            $"COPY (SELECT position, event_id, event_type, schema_version, data::text FROM {store.Options.Schema}.events " +
            $"WHERE position <= {head} AND event_type IN ({types}) ORDER BY position) TO STDOUT (FORMAT BINARY)"), cancellationToken);
        long rows = 0;
        while (exporter.StartRow() != -1)
        {
            var stored = new StoredEvent(exporter.Read<long>(NpgsqlDbType.Bigint), "", 0, exporter.Read<Guid>(NpgsqlDbType.Uuid), exporter.Read<string>(NpgsqlDbType.Text),
                exporter.Read<int>(NpgsqlDbType.Integer), exporter.Read<string>(NpgsqlDbType.Text), "", null, null, default, default, []);
            if (decode) _ = EventSerializer.FromStored(store.Upcasters.Apply(stored));
            rows++;
        }
        return rows;
    }

    /// <summary>Appends single events on one writer for a while: events per second and append latencies.</summary>
    private static async Task<Appends> AppendAsync(EventStore.EventStore store, TimeSpan duration, CancellationToken cancellationToken)
    {
        var stream = $"bench-rate-{Guid.NewGuid():N}";
        var meta = new EventMetadata("bench", DateTimeOffset.UtcNow);
        var latencies = new List<double>();
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            var call = Stopwatch.GetTimestamp();
            await store.AppendAsync(stream, ExpectedVersion.Any, [EventData.FromJson(Guid.NewGuid(), "bench-tick", "{\"n\": 1}", meta)], cancellationToken);
            latencies.Add(Stopwatch.GetElapsedTime(call).TotalMilliseconds);
        }
        var sorted = latencies.Order().ToList();
        return new Appends(latencies.Count / Stopwatch.GetElapsedTime(started).TotalSeconds, sorted[sorted.Count / 2], sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(sorted.Count * 0.99) - 1)]);
    }
}
