using System.Diagnostics;
using Ledger.EventStore;

namespace Ledger.Bench.Scenarios;

/// <summary>The 1M-event log that (d) writes and (e), (f) read: built untimed when (d) is not selected.</summary>
internal static class BulkLog
{
    public const string UntimedSchema = "bench_log";

    public static async IAsyncEnumerable<(string StreamId, EventData Event)> Source(BulkRow[] rows)
    {
        foreach (var row in rows) yield return (row.StreamId, row.Data);
        await Task.CompletedTask;
    }

    /// <summary>Bulk-imports every row into a fresh store schema and returns the elapsed time.</summary>
    public static async Task<TimeSpan> ImportAsync(BenchContext context, string schema, CancellationToken cancellationToken)
    {
        var rows = context.EnsureBulkRows();
        if (context.BulkLogSchema is { } previous && previous != schema)
        {
            // Keep the disk small: only one 1M-event log at a time.
            await context.DropSchemaAsync(previous, cancellationToken);
            context.BulkLogSchema = null;
        }
        await using var store = await context.OpenFreshStoreAsync(schema, cancellationToken);
        await context.SettleAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var result = await store.BulkImportAsync(Source(rows), cancellationToken: cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (result.Imported != rows.Length || result.LastPosition != rows.Length)
            throw new InvalidOperationException($"Bulk import wrote {result.Imported} events up to position {result.LastPosition}; expected {rows.Length}.");
        context.BulkLogSchema = schema;
        return elapsed;
    }

    /// <summary>COPYs every row into a fresh raw_events and returns the elapsed time.</summary>
    public static async Task<TimeSpan> CopyRawAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var rows = context.EnsureBulkRows();
        await context.RecreateRawTableAsync(cancellationToken);
        await context.SettleAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        await context.Raw.CopyAsync(rows, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        context.RawHoldsBulk = true;
        return elapsed;
    }

    public static async Task EnsureStoreLogAsync(BenchContext context, CancellationToken cancellationToken)
    {
        if (context.BulkLogSchema is null) await ImportAsync(context, UntimedSchema, cancellationToken);
    }

    public static async Task EnsureRawAsync(BenchContext context, CancellationToken cancellationToken)
    {
        if (!context.RawHoldsBulk) await CopyRawAsync(context, cancellationToken);
    }
}
