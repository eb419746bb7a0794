using Npgsql;

namespace Ledger.EventStore.Reading;

/// <summary>The one place that knows how an events row maps to a <see cref="StoredEvent"/>.</summary>
internal static class EventRows
{
    public const string Columns =
        "position, stream_id, stream_version, event_id, event_type, schema_version, data::text, actor, " +
        "correlation_id, causation_id, occurred_at, recorded_at, hash";

    public static StoredEvent Read(NpgsqlDataReader reader) =>
        new(
            Position: reader.GetInt64(0),
            StreamId: reader.GetString(1),
            StreamVersion: reader.GetInt64(2),
            EventId: reader.GetGuid(3),
            EventType: reader.GetString(4),
            SchemaVersion: reader.GetInt32(5),
            Data: reader.GetString(6),
            Actor: reader.GetString(7),
            CorrelationId: reader.IsDBNull(8) ? null : reader.GetString(8),
            CausationId: reader.IsDBNull(9) ? null : reader.GetString(9),
            OccurredAt: reader.GetFieldValue<DateTimeOffset>(10),
            RecordedAt: reader.GetFieldValue<DateTimeOffset>(11),
            Hash: reader.GetFieldValue<byte[]>(12));
}
