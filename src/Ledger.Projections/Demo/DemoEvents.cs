using System.Globalization;
using Ledger.EventStore;
using Ledger.Projections.Analytics;
using Ledger.Projections.Reports;
using Ledger.Projections.Serialization;

namespace Ledger.Projections.Demo;

/// <summary>
/// The demo company as events ready to store, the one definition the API's demo loader, <c>ledger demo</c> and the
/// benchmarks share: the conversion rates finance needs for the demo's USD and GBP, then the company's history. Ids
/// derive from the seed, so loading the same demo twice writes nothing the second time.
/// </summary>
public static class DemoEvents
{
    /// <summary>The actor of every demo event (and of the snapshots a loader takes for the demo).</summary>
    public const string Actor = "demo-generator";

    /// <summary>The demo's year starts on the first of the month a year before today (UTC).</summary>
    public static DateTimeOffset DefaultStart
    {
        get
        {
            var now = DateTime.UtcNow;
            return new DateTimeOffset(now.Year - 1, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        }
    }

    /// <summary>
    /// About <paramref name="events"/> items (never fewer than the company's setup) for <paramref name="seed"/>: events to
    /// store, and the report snapshots the history takes on the way (<see cref="DemoSnapshot"/>), which only a loader
    /// that can render reports (the API's) can record; the others skip them.
    /// </summary>
    public static IEnumerable<DemoItem> Stream(int seed, long events, DateTimeOffset start)
    {
        var rateMetadata = new EventMetadata(Actor, start, Correlation(seed));
        var from = DateOnly.FromDateTime(start.UtcDateTime.AddDays(-1));
        yield return new DemoEvent(ReportSettings.RatesStream, ReportSettings.RateSet(new ConversionRate("USD", from, 0.92m), Id(seed, "rate-usd"), rateMetadata));
        yield return new DemoEvent(ReportSettings.RatesStream, ReportSettings.RateSet(new ConversionRate("GBP", from, 1.17m), Id(seed, "rate-gbp"), rateMetadata));
        var i = 0;
        foreach (var (streamId, e, at) in DemoCompany.Stream(seed, Math.Max(1, events - 2), start))
        {
            if (e is DemoReportSnapshot snapshot)
            {
                yield return new DemoSnapshot(snapshot);
                continue;
            }
            yield return new DemoEvent(streamId, EventSerializer.ToEventData(e, Id(seed, string.Create(CultureInfo.InvariantCulture, $"event:{i}")), new EventMetadata(Actor, at, Correlation(seed))));
            i++;
        }
    }

    /// <summary>Only the events to store (what a JSON Lines file or the bulk path can carry), snapshots left out.</summary>
    public static IEnumerable<(string StreamId, EventData Event)> EventsOnly(int seed, long events, DateTimeOffset start) =>
        Stream(seed, events, start).OfType<DemoEvent>().Select(e => (e.StreamId, e.Event));

    /// <summary>The correlation id of every event of the demo of <paramref name="seed"/>.</summary>
    public static string Correlation(int seed) => string.Create(CultureInfo.InvariantCulture, $"demo-{seed}");

    private static Guid Id(int seed, string what) => DeterministicId.From(string.Create(CultureInfo.InvariantCulture, $"demo:{seed}:{what}"));
}

/// <summary>One item of the demo history: an event to store, or a report snapshot to take at that point.</summary>
public abstract record DemoItem;

public sealed record DemoEvent(string StreamId, EventData Event) : DemoItem;

public sealed record DemoSnapshot(DemoReportSnapshot Snapshot) : DemoItem;
