using System.Text;
using System.Text.Json;
using Ledger.Domain;
using Ledger.Domain.Interactions;
using Ledger.EventStore;

namespace Ledger.Projections.Serialization;

/// <summary>Domain events to and from the store's stable type names and JSON.</summary>
public static class EventSerializer
{
    public static EventData ToEventData(object domainEvent, Guid eventId, EventMetadata metadata)
    {
        var (name, version) = EventTypes.Of(domainEvent.GetType());
        return new EventData(eventId, name, JsonSerializer.SerializeToUtf8Bytes(domainEvent, domainEvent.GetType(), DomainJson.Options), metadata, version);
    }

    /// <summary>The domain event stored in <paramref name="stored"/>, or null for a type this version does not know.</summary>
    public static object? FromStored(StoredEvent stored) => EventTypes.TypeOf(stored.EventType) switch
    {
        null => null,
        // The commonest event skips STJ when its hand-written reader is sure of the result (see InteractionRecordedReader).
        var type when type == typeof(InteractionRecorded) =>
            InteractionRecordedReader.TryRead(stored.Data) ?? JsonSerializer.Deserialize(stored.Data, type, DomainJson.Options),
        var type => JsonSerializer.Deserialize(stored.Data, type, DomainJson.Options),
    };

    /// <summary>
    /// The domain event of a row read without a whole <see cref="StoredEvent"/> (a COPY export, a direct query): upcast
    /// first when an upcaster applies to its type and schema version, otherwise decoded straight from its UTF-8 bytes.
    /// </summary>
    public static object? FromRow(EventUpcasters upcasters, long position, Guid eventId, string eventType, int schemaVersion, byte[] data) =>
        upcasters.Applies(eventType, schemaVersion)
            ? FromStored(upcasters.Apply(new StoredEvent(
                position, "", 0, eventId, eventType, schemaVersion, Encoding.UTF8.GetString(data), "", null, null, default, default, [])))
            : FromUtf8(eventType, data);

    /// <summary>As <see cref="FromStored"/>, from the data's UTF-8 bytes (no UTF-16 copy of the JSON).</summary>
    public static object? FromUtf8(string eventType, ReadOnlySpan<byte> data) => EventTypes.TypeOf(eventType) switch
    {
        null => null,
        var type when type == typeof(InteractionRecorded) =>
            InteractionRecordedReader.TryRead(data) ?? JsonSerializer.Deserialize(data, type, DomainJson.Options),
        var type => JsonSerializer.Deserialize(data, type, DomainJson.Options),
    };
}
