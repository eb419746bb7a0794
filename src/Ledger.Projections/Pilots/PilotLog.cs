using System.Globalization;
using Ledger.Domain;
using Ledger.EventStore;
using Ledger.Projections.Serialization;
using Ledger.Projections.Transactions;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.Projections.Pilots;

/// <summary>A decoded event as the fold takes it.</summary>
internal readonly record struct Replayed(long Position, Guid EventId, object? Event);

/// <summary>
/// Reads the log for a pilot replay: binary COPYs in position order of only what the fold uses — the event types of
/// <see cref="TransactionFolder.FoldedTypes"/> (the fold ignores every other type) and the columns position, event id,
/// type, schema version and data (the others are left empty in the <see cref="StoredEvent"/>). One COPY per range of
/// <see cref="PilotRunOptions.PositionsPerRead"/> positions, because each holds a snapshot while it runs (see there).
/// Each event is decoded exactly as every reader decodes it: the store's upcasters, then
/// <see cref="EventSerializer.FromStored"/> (from the UTF-8 bytes when no upcaster applies). Synchronous, because it
/// runs on a pilot worker thread.
/// </summary>
internal static class PilotLog
{
    private static readonly string TypeList = string.Join(", ",
        EventTypes.All.Where(e => TransactionFolder.FoldedTypes.Contains(e.Type)).Select(e => $"'{e.Name.Replace("'", "''", StringComparison.Ordinal)}'"));

    /// <summary>Reads positions 1 to <paramref name="upTo"/> and hands them on decoded, in order, in batches of <paramref name="batchSize"/>.</summary>
    public static void Read(
        EventStore.EventStore store, long upTo, int positionsPerCopy, int batchSize, Action<List<Replayed>> onBatch, PilotPacer pacer, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(positionsPerCopy);
        using var connection = store.DataSource.OpenConnection();
        var batch = new List<Replayed>(batchSize);
        for (var from = 1L; from <= upTo; from += positionsPerCopy)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadRange(store, connection, from, Math.Min(upTo, from + positionsPerCopy - 1), ref batch, batchSize, onBatch, pacer, cancellationToken);
        }
        if (batch.Count > 0) onBatch(batch);
    }

    private static void ReadRange(
        EventStore.EventStore store, NpgsqlConnection connection, long from, long to, ref List<Replayed> batch, int batchSize,
        Action<List<Replayed>> onBatch, PilotPacer pacer, CancellationToken cancellationToken)
    {
        var exporter = connection.BeginBinaryExport(string.Create(CultureInfo.InvariantCulture,
            $"COPY (SELECT position, event_id, event_type, schema_version, data::text FROM {store.Options.Schema}.events " +
            $"WHERE position BETWEEN {from} AND {to} AND event_type IN ({TypeList}) ORDER BY position) TO STDOUT (FORMAT BINARY)"));
        try
        {
            while (exporter.StartRow() != -1)
            {
                var position = exporter.Read<long>(NpgsqlDbType.Bigint);
                var eventId = exporter.Read<Guid>(NpgsqlDbType.Uuid);
                var eventType = exporter.Read<string>(NpgsqlDbType.Text);
                var schemaVersion = exporter.Read<int>(NpgsqlDbType.Integer);
                // The JSON as UTF-8 bytes, decoded straight from them: half the memory of a string, and no transcoding.
                var data = exporter.Read<byte[]>(NpgsqlDbType.Text);
                var decoded = store.Upcasters.Applies(eventType, schemaVersion)
                    ? EventSerializer.FromStored(store.Upcasters.Apply(new StoredEvent(
                        position, "", 0, eventId, eventType, schemaVersion, System.Text.Encoding.UTF8.GetString(data), "", null, null, default, default, [])))
                    : EventSerializer.FromUtf8(eventType, data);
                // Only what the fold reads is kept: the JSON dies young, before the next collection.
                batch.Add(new Replayed(position, eventId, decoded));
                if (batch.Count < batchSize) continue;
                cancellationToken.ThrowIfCancellationRequested();
                pacer.Pace();
                onBatch(batch);
                batch = new List<Replayed>(batchSize);
            }
        }
        catch (OperationCanceledException)
        {
            // Without this, disposing would read the rest of the export before returning.
            exporter.Cancel();
            throw;
        }
        finally
        {
            exporter.Dispose();
        }
    }
}
