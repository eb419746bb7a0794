using System.Globalization;
using System.Text;

namespace Ledger.Bench;

/// <summary>The results table: medians over the repeats, each store figure beside its raw baseline of the same run.</summary>
internal static class Report
{
    private static readonly string[] Headers =
        ["scenario", "store ev/s", "baseline", "baseline ev/s", "ratio", "target", "store p50/p99 ms", "raw p50/p99 ms", "peak WS MB raw/store", "managed MB", "result"];

    public static string Table(IReadOnlyList<ScenarioResult> results, bool markdown)
    {
        var rows = results.Select(Row).ToList();
        var widths = Headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        if (markdown)
        {
            text.AppendLine("| " + string.Join(" | ", Headers) + " |");
            text.AppendLine("|" + string.Join("|", Headers.Select((_, i) => i is 0 or 2 ? "---" : "---:")) + "|");
            foreach (var row in rows) text.AppendLine("| " + string.Join(" | ", row) + " |");
            return text.ToString();
        }
        text.AppendLine(string.Join("  ", Headers.Select((h, i) => Pad(h, widths[i], i))));
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows) text.AppendLine(string.Join("  ", row.Select((c, i) => Pad(c, widths[i], i))));
        return text.ToString();
    }

    /// <summary>Whether the scenario meets its target: the median paired ratio, or the median rate for absolute targets.</summary>
    public static bool Passes(ScenarioResult result)
    {
        var target = result.Scenario.Target;
        var figure = target.IsRatio
            ? Stats.Median(result.Repeats.Select(r => r.Ratio))
            : Stats.Median(result.Repeats.Select(r => r.Store.EventsPerSecond));
        return figure >= target.Value;
    }

    private static string[] Row(ScenarioResult result)
    {
        var repeats = result.Repeats;
        var store = Stats.Median(repeats.Select(r => r.Store.EventsPerSecond));
        var raw = Stats.Median(repeats.Select(r => r.Raw.EventsPerSecond));
        var ratio = Stats.Median(repeats.Select(r => r.Ratio));
        return
        [
            result.Scenario.Title,
            N(store),
            result.Scenario.Baseline,
            N(raw),
            ratio.ToString("0.00", CultureInfo.InvariantCulture) + "x",
            result.Scenario.Target.ToString(),
            Latencies(repeats.Select(r => r.Store)),
            Latencies(repeats.Select(r => r.Raw)),
            $"{Runner.Mb(repeats.Max(r => r.RawMemory.PeakWorkingSetBytes))}/{Runner.Mb(repeats.Max(r => r.StoreMemory.PeakWorkingSetBytes))}",
            Runner.Mb(repeats[^1].StoreMemory.ManagedBytes),
            result.Scenario.Target.IsInformative ? "info" : Passes(result) ? "PASS" : "MISS",
        ];
    }

    private static string Latencies(IEnumerable<RunResult> runs)
    {
        var list = runs.Where(r => r.P50Ms is not null).ToList();
        if (list.Count == 0) return "-";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Stats.Median(list.Select(r => r.P50Ms!.Value)):0.00} / {Stats.Median(list.Select(r => r.P99Ms!.Value)):0.00}");
    }

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Pad(string cell, int width, int column) =>
        column is 0 or 2 ? cell.PadRight(width) : cell.PadLeft(width);
}
