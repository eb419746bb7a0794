using System.Text;
using Ledger.EventStore.Hashing;

namespace Ledger.EventStore.Appending;

/// <summary>An event validated and canonicalized on the caller's thread, ready to be chained.</summary>
internal sealed record PreparedEvent(
    Guid EventId,
    string EventType,
    int SchemaVersion,
    byte[] CanonicalData,
    string DataText,
    string Actor,
    string? CorrelationId,
    string? CausationId,
    DateTimeOffset OccurredAt)
{
    /// <summary>Same content as a stored event (what an idempotent retry must match).</summary>
    public bool SameContentAs(StoredEvent stored, string streamId) =>
        stored.StreamId == streamId
        && stored.EventType == EventType
        && stored.SchemaVersion == SchemaVersion
        && stored.Data == DataText
        && stored.Actor == Actor
        && stored.CorrelationId == CorrelationId
        && stored.CausationId == CausationId
        && stored.OccurredAt == OccurredAt;
}

/// <summary>Turns caller input into <see cref="PreparedEvent"/>s, refusing anything malformed before it reaches the log.</summary>
internal static class AppendValidator
{
    private const int MaxNameLength = 200;

    public static void ValidateStreamId(string? streamId, EventStoreOptions options)
    {
        if (string.IsNullOrWhiteSpace(streamId))
            throw new InvalidAppendException("streamId", "Stream id must not be empty.");
        if (streamId.Length > options.MaxStreamIdLength)
            throw new InvalidAppendException("streamId", $"Stream id is {streamId.Length} characters long; the limit is {options.MaxStreamIdLength}.");
        if (streamId.Any(char.IsControl) || streamId.Trim().Length != streamId.Length)
            throw new InvalidAppendException("streamId", "Stream id must not contain control characters or surrounding spaces.");
        RequireValidUnicode(streamId, "streamId");
    }

    public static PreparedEvent[] Prepare(string streamId, IReadOnlyList<EventData>? events, EventStoreOptions options)
    {
        ValidateStreamId(streamId, options);
        if (events is null || events.Count == 0)
            throw new InvalidAppendException("events", "An append must carry at least one event.");
        if (events.Count > options.MaxEventsPerAppend)
            throw new InvalidAppendException("events", $"An append carries {events.Count} events; the limit is {options.MaxEventsPerAppend}.");

        var prepared = new PreparedEvent[events.Count];
        var seen = new HashSet<Guid>();
        for (var i = 0; i < events.Count; i++)
        {
            var field = $"events[{i}]";
            var e = events[i] ?? throw new InvalidAppendException(field, $"{field} is null.");
            if (e.EventId == Guid.Empty)
                throw new InvalidAppendException($"{field}.eventId", $"{field}.eventId must not be empty.");
            if (!seen.Add(e.EventId))
                throw new InvalidAppendException($"{field}.eventId", $"{field}.eventId {e.EventId} appears twice in one append.");
            RequireName(e.EventType, $"{field}.eventType");
            if (e.SchemaVersion < 1)
                throw new InvalidAppendException($"{field}.schemaVersion", $"{field}.schemaVersion must be 1 or more.");
            if (e.Data.Length > options.MaxEventBytes)
                throw new InvalidAppendException($"{field}.data", $"{field}.data is {e.Data.Length} bytes; the limit is {options.MaxEventBytes}.");
            var metadata = e.Metadata ?? throw new InvalidAppendException($"{field}.metadata", $"{field}.metadata is required.");
            RequireName(metadata.Actor, $"{field}.metadata.actor");
            OptionalName(metadata.CorrelationId, $"{field}.metadata.correlationId");
            OptionalName(metadata.CausationId, $"{field}.metadata.causationId");

            var canonical = JsonbCanonical.Canonicalize(e.Data, $"{field}.data");
            // Invalid UTF-8 would be stored as U+FFFD and no longer match the bytes its hash covers.
            if (!System.Text.Unicode.Utf8.IsValid(canonical))
                throw new InvalidAppendException($"{field}.data", $"{field}.data is not valid UTF-8.");
            prepared[i] = new PreparedEvent(
                e.EventId, e.EventType, e.SchemaVersion, canonical, Encoding.UTF8.GetString(canonical),
                metadata.Actor, metadata.CorrelationId, metadata.CausationId, Timestamps.Truncate(metadata.OccurredAt));
        }
        return prepared;
    }

    private static void RequireName(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new InvalidAppendException(field, $"{field} must not be empty.");
        OptionalName(value, field);
    }

    private static void OptionalName(string? value, string field)
    {
        if (value is null) return;
        if (value.Length > MaxNameLength)
            throw new InvalidAppendException(field, $"{field} is {value.Length} characters long; the limit is {MaxNameLength}.");
        if (value.Any(c => char.IsControl(c) || c == '\0'))
            throw new InvalidAppendException(field, $"{field} must not contain control characters.");
        RequireValidUnicode(value, field);
    }

    /// <summary>A lone surrogate would be stored as U+FFFD and no longer match its own hash input or a retry.</summary>
    public static void RequireValidUnicode(string value, string field)
    {
        try
        {
            StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException)
        {
            throw new InvalidAppendException(field, $"{field} is not valid Unicode (it holds a lone surrogate).");
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
