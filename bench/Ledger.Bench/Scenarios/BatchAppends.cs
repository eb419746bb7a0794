namespace Ledger.Bench.Scenarios;

/// <summary>(c) One writer, 100 events per append, against r3: 100 INSERTs per transaction (one NpgsqlBatch).</summary>
internal sealed class BatchAppends : AppendScenario
{
    public override char Key => 'c';
    public override string Title => "(c) 100-event appends";
    public override string Baseline => "r3: 100-row batch per transaction";
    public override Target Target => Target.Ratio(0.9);
    protected override int Writers => 1;
    protected override int EventsPerAppend => 100;
}
