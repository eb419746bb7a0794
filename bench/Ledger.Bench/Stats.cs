using System.Diagnostics;

namespace Ledger.Bench;

/// <summary>One timed run: how many events were acknowledged in how long, and each call's latency.</summary>
internal sealed record RunResult(long Events, TimeSpan Elapsed, double? P50Ms = null, double? P99Ms = null, string? Note = null)
{
    public double EventsPerSecond => Events / Elapsed.TotalSeconds;
}

/// <summary>What a scenario measured in one process: memory after it ran.</summary>
internal sealed record MemorySample(long PeakWorkingSetBytes, long ManagedBytes)
{
    public static MemorySample Take()
    {
        using var process = Process.GetCurrentProcess();
        return new MemorySample(process.PeakWorkingSet64, GC.GetTotalMemory(forceFullCollection: false));
    }
}

/// <summary>
/// Peak resident memory per run: on Linux, writing 5 to /proc/self/clear_refs resets the process's peak RSS (VmHWM), so
/// the peak read after a run belongs to that run. Elsewhere the peak is the process's peak so far.
/// </summary>
internal static class PeakMemory
{
    public static void Reset()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (IOException) { /* not Linux or not permitted: the peak stays cumulative */ }
        catch (UnauthorizedAccessException) { /* same */ }
    }
}

internal static class Stats
{
    public static double Percentile(long[] sortedTicks, double percentile)
    {
        if (sortedTicks.Length == 0) return double.NaN;
        // Nearest-rank percentile over the sorted latencies.
        var rank = (int)Math.Ceiling(percentile / 100.0 * sortedTicks.Length);
        var index = Math.Clamp(rank - 1, 0, sortedTicks.Length - 1);
        return sortedTicks[index] * 1000.0 / Stopwatch.Frequency;
    }

    public static (double P50, double P99) Latencies(IEnumerable<List<long>> perWriterTicks)
    {
        var all = perWriterTicks.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return (Percentile(all, 50), Percentile(all, 99));
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return double.NaN;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

/// <summary>
/// Runs <paramref name="writers"/> loops for a fixed time after an untimed warm-up of the same calls (by default a
/// fifth of the duration, at most 1 s), counting acknowledged events and timing every call. Each call returns the
/// number of events it wrote.
/// </summary>
internal static class TimedLoop
{
    public static async Task<RunResult> RunAsync(int writers, TimeSpan duration, Func<int, long, Task<int>> call, TimeSpan? warmUp = null)
    {
        warmUp ??= TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, duration.Ticks / 5));
        var sequences = new long[writers];
        await RunPhaseAsync(writers, warmUp.Value, call, sequences, record: false);
        return await RunPhaseAsync(writers, duration, call, sequences, record: true);
    }

    private static async Task<RunResult> RunPhaseAsync(int writers, TimeSpan duration, Func<int, long, Task<int>> call, long[] sequences, bool record)
    {
        var latencies = Enumerable.Range(0, writers).Select(_ => new List<long>(64 * 1024)).ToArray();
        var counts = new long[writers];
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var before = Stopwatch.GetTimestamp();
                var written = await call(w, sequences[w]++);
                var after = Stopwatch.GetTimestamp();
                counts[w] += written;
                if (record) latencies[w].Add(after - before);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var (p50, p99) = Stats.Latencies(latencies);
        return new RunResult(counts.Sum(), elapsed, p50, p99);
    }
}
