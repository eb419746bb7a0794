using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ledger.Api.Hosting;

/// <summary>The ledger's own traces and metrics: an activity per command and per append, counters per transaction kind.</summary>
public sealed class LedgerTelemetry : IDisposable
{
    public const string Name = "Ledger";

    private readonly Meter _meter = new(Name);

    public LedgerTelemetry()
    {
        Commands = _meter.CreateCounter<long>("ledger.commands", description: "Commands handled, by command and outcome");
        Transactions = _meter.CreateCounter<long>("ledger.transactions.recorded", description: "Interactions recorded, by transaction kind");
        EventsAppended = _meter.CreateCounter<long>("ledger.events.appended", description: "Events appended to the log");
    }

    public static ActivitySource Source { get; } = new(Name);

    public Counter<long> Commands { get; }
    public Counter<long> Transactions { get; }
    public Counter<long> EventsAppended { get; }

    public Meter Meter => _meter;

    public void Dispose() => _meter.Dispose();
}
