namespace Ledger.Bench.Scenarios;

/// <summary>What a scenario must reach: a ratio to its raw baseline of the same run, or an absolute rate.</summary>
internal sealed record Target(double Value, bool IsRatio, bool IsInformative = false)
{
    public static Target Ratio(double value) => new(value, true);
    public static Target EventsPerSecond(double value) => new(value, false);

    /// <summary>A reference figure with no target of its own (its result column reads "info").</summary>
    public static Target Informative => new(0, true, IsInformative: true);

    public override string ToString() => IsInformative ? "-" : IsRatio ? $">= {Value:0.0#}x" : $">= {Value:N0}/s";
}

/// <summary>One scenario: a raw run and a store run, alternated by the runner and repeated.</summary>
internal abstract class Scenario
{
    public abstract char Key { get; }
    public abstract string Title { get; }

    /// <summary>What the raw run does (printed beside the figure).</summary>
    public abstract string Baseline { get; }

    public abstract Target Target { get; }

    public abstract Task<RunResult> RunRawAsync(BenchContext context, int repeat, CancellationToken cancellationToken);

    public abstract Task<RunResult> RunStoreAsync(BenchContext context, int repeat, CancellationToken cancellationToken);

    /// <summary>Untimed work before the first repeat, for scenarios whose first run would otherwise pay for cold state.</summary>
    public virtual Task WarmUpAsync(BenchContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Drops what the scenario left behind once every repeat has run.</summary>
    public virtual Task CleanUpAsync(BenchContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
