using Ledger.Projections.Serialization;
using Ledger.Projections.Transactions;

namespace Ledger.Projections.Pilots;

/// <summary>
/// Reads the log for a pilot replay through <see cref="DecodedLog"/>: only the event types of
/// <see cref="TransactionFolder.FoldedTypes"/> (the fold ignores every other type), one COPY per range of
/// <see cref="PilotRunOptions.PositionsPerRead"/> positions, because each holds a snapshot while it runs (see there).
/// Synchronous, because it runs on a pilot worker thread.
/// </summary>
internal static class PilotLog
{
    private static readonly string TypeFilter = DecodedLog.TypeFilter(TransactionFolder.FoldedTypes)!;

    /// <summary>Reads positions 1 to <paramref name="upTo"/> and hands them on decoded, in order, in batches of <paramref name="batchSize"/>.</summary>
    public static void Read(
        EventStore.EventStore store, long upTo, int positionsPerCopy, int batchSize, Action<List<DecodedEvent>> onBatch, PilotPacer pacer, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(positionsPerCopy);
        using var connection = store.DataSource.OpenConnection();
        var batch = new List<DecodedEvent>(batchSize);
        void Add(DecodedEvent e)
        {
            batch.Add(e);
            if (batch.Count < batchSize) return;
            cancellationToken.ThrowIfCancellationRequested();
            pacer.Pace();
            onBatch(batch);
            batch = new List<DecodedEvent>(batchSize);
        }
        for (var from = 1L; from <= upTo; from += positionsPerCopy)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DecodedLog.ReadRange(store, connection, from, Math.Min(upTo, from + positionsPerCopy - 1), TypeFilter, Add, cancellationToken);
        }
        if (batch.Count > 0) onBatch(batch);
    }
}
