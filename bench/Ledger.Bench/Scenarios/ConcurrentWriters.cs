namespace Ledger.Bench.Scenarios;

/// <summary>(b) 16 concurrent writers, one event per append, against r2: one INSERT per commit on 16 connections.</summary>
internal sealed class ConcurrentWriters : AppendScenario
{
    public override char Key => 'b';
    public override string Title => "(b) 16 writers, 1 event/append";
    public override string Baseline => "r2: 1 INSERT per commit, 16 connections";
    public override Target Target => Target.Ratio(1.5);
    protected override int Writers => 16;
    protected override int EventsPerAppend => 1;
}
