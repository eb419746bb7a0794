using System.Diagnostics;
using System.Globalization;

namespace Ledger.Bench.Scenarios;

/// <summary>
/// (f) <c>VerifyAsync()</c> over the whole bulk log; the result must be Intact over every event. Baseline (informative;
/// the target is absolute): binary COPY TO of the same rows from raw_events, decoded, with no hashing.
/// </summary>
internal sealed class VerifyChain : Scenario
{
    public override char Key => 'f';
    public override string Title => "(f) verify chain";
    public override string Baseline => "raw: binary COPY TO, no hash (info)";
    public override Target Target => Target.EventsPerSecond(300_000);

    public override async Task<RunResult> RunRawAsync(BenchContext context, int repeat, CancellationToken cancellationToken)
    {
        await BulkLog.EnsureRawAsync(context, cancellationToken);
        await context.SettleAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var count = await context.Raw.CopyOutAsync(cancellationToken);
        return new RunResult(count, Stopwatch.GetElapsedTime(started));
    }

    public override async Task<RunResult> RunStoreAsync(BenchContext context, int repeat, CancellationToken cancellationToken)
    {
        await BulkLog.EnsureStoreLogAsync(context, cancellationToken);
        await using var store = await context.OpenStoreAsync(context.BulkLogSchema!, cancellationToken);
        await context.SettleAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var result = await store.VerifyAsync(cancellationToken: cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var note = string.Create(CultureInfo.InvariantCulture,
            $"Intact={result.Intact}, VerifiedUpTo={result.VerifiedUpTo}, EventsChecked={result.EventsChecked}, HeadHash={result.HeadHash[..16]}…");
        if (!result.Intact || result.EventsChecked != context.Options.BulkEvents)
            throw new InvalidOperationException($"Verify did not find an intact chain over {context.Options.BulkEvents} events: {result}");
        return new RunResult(result.EventsChecked, elapsed, Note: note);
    }

    public override async Task CleanUpAsync(BenchContext context, CancellationToken cancellationToken)
    {
        if (context.BulkLogSchema is { } schema) await context.DropSchemaAsync(schema, cancellationToken);
        context.BulkLogSchema = null;
    }
}
