using System.Diagnostics;

namespace Ledger.Bench.Scenarios;

/// <summary>
/// (e) <c>SubscribeAsync(0)</c> over the bulk log until the last position arrives. Baseline (informative; the target is
/// absolute): one streaming SELECT of the same rows from raw_events, materialized the same way.
/// </summary>
internal sealed class SubscriptionCatchUp : Scenario
{
    public override char Key => 'e';
    public override string Title => "(e) subscription catch-up";
    public override string Baseline => "raw: 1 streaming SELECT (info)";
    public override Target Target => Target.EventsPerSecond(200_000);

    public override async Task<RunResult> RunRawAsync(BenchContext context, int repeat, CancellationToken cancellationToken)
    {
        await BulkLog.EnsureRawAsync(context, cancellationToken);
        await context.SettleAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var count = await context.Raw.ScanAsync(cancellationToken);
        return new RunResult(count, Stopwatch.GetElapsedTime(started));
    }

    public override async Task<RunResult> RunStoreAsync(BenchContext context, int repeat, CancellationToken cancellationToken)
    {
        await BulkLog.EnsureStoreLogAsync(context, cancellationToken);
        await using var store = await context.OpenStoreAsync(context.BulkLogSchema!, cancellationToken);
        var last = (await store.ReadHeadAsync(cancellationToken)).Position;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(10));
        await context.SettleAsync(cancellationToken);

        long count = 0, expected = 1;
        var started = Stopwatch.GetTimestamp();
        await foreach (var e in store.SubscribeAsync(0, timeout.Token))
        {
            if (e.Position != expected++)
                throw new InvalidOperationException($"The subscription delivered position {e.Position}; expected {expected - 1}.");
            count++;
            if (e.Position == last) break;
        }
        return new RunResult(count, Stopwatch.GetElapsedTime(started));
    }

    public override async Task CleanUpAsync(BenchContext context, CancellationToken cancellationToken)
    {
        if (context.BulkLogSchema is { } schema) await context.DropSchemaAsync(schema, cancellationToken);
        context.BulkLogSchema = null;
    }
}
