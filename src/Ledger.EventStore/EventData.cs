namespace Ledger.EventStore;

/// <summary>An event to append. <paramref name="Data"/> is a UTF-8 JSON object.</summary>
/// <param name="EventId">Chosen by the caller; re-appending the same id is an idempotent retry.</param>
/// <param name="EventType">A stable name such as "interaction-recorded", never a CLR type name.</param>
/// <param name="Data">The event's body as a JSON object in UTF-8.</param>
/// <param name="Metadata">Who and why; <see cref="EventMetadata.OccurredAt"/> is the caller's clock.</param>
/// <param name="SchemaVersion">The version of the type's schema the data follows (for upcasting on read).</param>
public sealed record EventData(
    Guid EventId,
    string EventType,
    ReadOnlyMemory<byte> Data,
    EventMetadata Metadata,
    int SchemaVersion = 1)
{
    public static EventData FromJson(Guid eventId, string eventType, string json, EventMetadata metadata, int schemaVersion = 1) =>
        new(eventId, eventType, System.Text.Encoding.UTF8.GetBytes(json), metadata, schemaVersion);
}

/// <summary>Who caused an event and in which flow. The recording time is added by the store.</summary>
public sealed record EventMetadata(
    string Actor,
    DateTimeOffset OccurredAt,
    string? CorrelationId = null,
    string? CausationId = null);
