using System.Text;
using Ledger.EventStore.Hashing;

namespace Ledger.EventStore.Appending;

/// <summary>An event validated and canonicalized on the caller's thread, ready to be chained.</summary>
/// <remarks>The data travels as its canonical UTF-8 bytes; the text form is decoded only where a string is needed.</remarks>
internal sealed record PreparedEvent(
    Guid EventId,
    string EventType,
    int SchemaVersion,
    byte[] CanonicalData,
    string Actor,
    string? CorrelationId,
    string? CausationId,
    DateTimeOffset OccurredAt)
{
    public string DataText => Encoding.UTF8.GetString(CanonicalData);

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
        if (HasControl(streamId) || char.IsWhiteSpace(streamId[0]) || char.IsWhiteSpace(streamId[^1]))
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
        // Bulk imports prepare one event per call, so the common case must not allocate a set or field names.
        var seen = events.Count > 1 ? new HashSet<Guid>() : null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i] ?? throw new InvalidAppendException(Field(i), $"{Field(i)} is null.");
            if (e.EventId == Guid.Empty)
                throw new InvalidAppendException(Field(i, ".eventId"), $"{Field(i, ".eventId")} must not be empty.");
            if (seen is not null && !seen.Add(e.EventId))
                throw new InvalidAppendException(Field(i, ".eventId"), $"{Field(i, ".eventId")} {e.EventId} appears twice in one append.");
            RequireName(e.EventType, i, ".eventType");
            if (e.SchemaVersion < 1)
                throw new InvalidAppendException(Field(i, ".schemaVersion"), $"{Field(i, ".schemaVersion")} must be 1 or more.");
            if (e.Data.Length > options.MaxEventBytes)
                throw new InvalidAppendException(Field(i, ".data"), $"{Field(i, ".data")} is {e.Data.Length} bytes; the limit is {options.MaxEventBytes}.");
            var metadata = e.Metadata ?? throw new InvalidAppendException(Field(i, ".metadata"), $"{Field(i, ".metadata")} is required.");
            RequireName(metadata.Actor, i, ".metadata.actor");
            OptionalName(metadata.CorrelationId, i, ".metadata.correlationId");
            OptionalName(metadata.CausationId, i, ".metadata.causationId");

            var canonical = JsonbCanonical.Canonicalize(e.Data, i == 0 ? "events[0].data" : Field(i, ".data"));
            // Invalid UTF-8 would be stored as U+FFFD and no longer match the bytes its hash covers.
            if (!System.Text.Unicode.Utf8.IsValid(canonical))
                throw new InvalidAppendException(Field(i, ".data"), $"{Field(i, ".data")} is not valid UTF-8.");
            prepared[i] = new PreparedEvent(
                e.EventId, e.EventType, e.SchemaVersion, canonical,
                metadata.Actor, metadata.CorrelationId, metadata.CausationId, Timestamps.Truncate(metadata.OccurredAt));
        }
        return prepared;
    }

    private static string Field(int index, string member = "") => $"events[{index}]{member}";

    private static bool HasControl(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c)) return true;
        }
        return false;
    }

    private static void RequireName(string? value, int index, string member)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new InvalidAppendException(Field(index, member), $"{Field(index, member)} must not be empty.");
        OptionalName(value, index, member);
    }

    private static void OptionalName(string? value, int index, string member)
    {
        if (value is null) return;
        if (value.Length > MaxNameLength)
            throw new InvalidAppendException(Field(index, member), $"{Field(index, member)} is {value.Length} characters long; the limit is {MaxNameLength}.");
        if (HasControl(value)) // NUL is a control character too
            throw new InvalidAppendException(Field(index, member), $"{Field(index, member)} must not contain control characters.");
        if (!IsValidUnicode(value)) RequireValidUnicode(value, Field(index, member));
    }

    private static bool IsValidUnicode(string value)
    {
        try
        {
            StrictUtf8.GetByteCount(value);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
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
