using System.Globalization;

namespace Ledger.Bench.Scenarios;

/// <summary>
/// (d) <c>BulkImportAsync</c> of the pre-generated events (1M by default; generated before any timing) against r4:
/// one binary COPY of the same rows into raw_events in one transaction.
/// </summary>
internal sealed class BulkImport : Scenario
{
    public override char Key => 'd';
    public override string Title => "(d) bulk import";
    public override string Baseline => "r4: binary COPY, 1 transaction";
    public override Target Target => Target.Ratio(0.7);

    public override async Task<RunResult> RunRawAsync(BenchContext context, int repeat, CancellationToken cancellationToken)
    {
        var elapsed = await BulkLog.CopyRawAsync(context, cancellationToken);
        return new RunResult(context.Options.BulkEvents, elapsed);
    }

    public override async Task<RunResult> RunStoreAsync(BenchContext context, int repeat, CancellationToken cancellationToken)
    {
        var elapsed = await BulkLog.ImportAsync(context, string.Create(CultureInfo.InvariantCulture, $"bench_d_{repeat}"), cancellationToken);
        return new RunResult(context.Options.BulkEvents, elapsed);
    }
}
