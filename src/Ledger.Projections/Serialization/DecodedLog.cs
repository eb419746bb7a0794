using System.Globalization;
using Ledger.Domain;
using Ledger.EventStore;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.Projections.Serialization;

/// <summary>An event as folds take it: its position, id, type name and domain event (null for a type this version does not know).</summary>
public readonly record struct DecodedEvent(long Position, Guid EventId, string EventType, object? Event);

/// <summary>
/// Reads ranges of the log decoded, in position order, for the folds that go through much of it (the daemon's batches,
/// pilot replays): one binary COPY per range of only the columns a fold uses (position, event id, type, schema version,
/// data), optionally of some event types only. Each event is decoded as every reader decodes it: the store's upcasters,
/// then <see cref="EventSerializer"/> — from the UTF-8 bytes (no UTF-16 copy of the JSON) when no upcaster applies.
/// Synchronous on purpose: callers run it on a thread of their own, and Npgsql's synchronous reads skip the cancellation
/// bookkeeping its asynchronous ones do on every buffer refill (a fifth of a rebuild's CPU went there).
/// </summary>
public static class DecodedLog
{
    /// <summary>The SQL condition selecting the event types <paramref name="types"/> (null: every type).</summary>
    public static string? TypeFilter(IReadOnlySet<Type>? types) => types is null
        ? null
        : "event_type IN (" + string.Join(", ", EventTypes.All.Where(e => types.Contains(e.Type)).Select(e => $"'{e.Name.Replace("'", "''", StringComparison.Ordinal)}'")) + ")";

    /// <summary>Reads positions <paramref name="from"/> to <paramref name="to"/> (inclusive) that pass <paramref name="typeFilter"/>, in order.</summary>
    public static void ReadRange(
        EventStore.EventStore store, NpgsqlConnection connection, long from, long to, string? typeFilter, Action<DecodedEvent> onEvent, CancellationToken cancellationToken)
    {
        var exporter = connection.BeginBinaryExport(string.Create(CultureInfo.InvariantCulture,
            $"COPY (SELECT position, event_id, event_type, schema_version, data::text FROM {store.Options.Schema}.events " +
            $"WHERE position BETWEEN {from} AND {to}{(typeFilter is null ? "" : " AND " + typeFilter)} ORDER BY position) TO STDOUT (FORMAT BINARY)"));
        try
        {
            while (exporter.StartRow() != -1)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var position = exporter.Read<long>(NpgsqlDbType.Bigint);
                var eventId = exporter.Read<Guid>(NpgsqlDbType.Uuid);
                var eventType = exporter.Read<string>(NpgsqlDbType.Text);
                var schemaVersion = exporter.Read<int>(NpgsqlDbType.Integer);
                var data = exporter.Read<byte[]>(NpgsqlDbType.Text);
                var decoded = EventSerializer.FromRow(store.Upcasters, position, eventId, eventType, schemaVersion, data);
                // Only what the fold reads is kept: the JSON dies young, before the next collection.
                onEvent(new DecodedEvent(position, eventId, eventType, decoded));
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
