namespace Ledger.Bench.Scenarios;

/// <summary>(a) One writer, one event per append, against r1: one INSERT per commit on one connection.</summary>
internal sealed class SingleWriter : AppendScenario
{
    public override char Key => 'a';
    public override string Title => "(a) 1 writer, 1 event/append";
    public override string Baseline => "r1: 1 INSERT per commit, 1 connection";
    public override Target Target => Target.Ratio(0.8);
    protected override int Writers => 1;
    protected override int EventsPerAppend => 1;
}
