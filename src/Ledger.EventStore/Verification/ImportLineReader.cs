using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ledger.EventStore.Verification;

/// <summary>
/// Reads one interchange line straight from its UTF-8 bytes with <see cref="Utf8JsonReader"/>: no UTF-16 copy of the
/// line, <c>data</c> unescaped directly into the event's bytes. Bulk imports spend most of their client time here, and
/// a reflection-based deserialisation of the line cost more than everything else the API does with an event. Property
/// names match case-insensitively and unknown properties (an export's recordedAt, hash…) are ignored, as before.
/// </summary>
internal static class ImportLineReader
{
    private const string Prefix = "not a ledger interchange line: ";
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 8 };

    public static (string StreamId, EventData Event, long? Position) Read(ReadOnlySpan<byte> line)
    {
        long? position = null;
        string? streamId = null, eventType = null, actor = null, correlationId = null, causationId = null;
        Guid? eventId = null;
        int? schemaVersion = null;
        byte[]? data = null;
        DateTimeOffset? occurredAt = null;
        string? occurredAtText = null;
        var reader = new Utf8JsonReader(line, Options);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new FormatException(Prefix + "not a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = Name(ref reader);
                reader.Read();
                switch (name)
                {
                    case Field.Position: position = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64(); break;
                    case Field.StreamId: streamId = reader.GetString(); break;
                    case Field.EventId: eventId = reader.TokenType == JsonTokenType.Null ? null : reader.GetGuid(); break;
                    case Field.EventType: eventType = reader.GetString(); break;
                    case Field.SchemaVersion: schemaVersion = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt32(); break;
                    case Field.Data: data = reader.TokenType == JsonTokenType.Null ? null : Unescaped(ref reader); break;
                    case Field.Actor: actor = reader.GetString(); break;
                    case Field.CorrelationId: correlationId = reader.GetString(); break;
                    case Field.CausationId: causationId = reader.GetString(); break;
                    case Field.OccurredAt:
                        occurredAtText = null;
                        occurredAt = null;
                        if (reader.TokenType == JsonTokenType.Null) break;
                        // What the ledger writes (UTC with Z) takes the fast parser; anything else the lenient one.
                        if (reader.ValueSpan is [.., (byte)'Z'] && !reader.ValueIsEscaped && reader.TryGetDateTimeOffset(out var at)) occurredAt = at;
                        else occurredAtText = reader.GetString();
                        break;
                    default: reader.Skip(); break;
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
                throw new FormatException(Prefix + "more than one JSON value");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            if (ex is FormatException && ex.Message.StartsWith(Prefix, StringComparison.Ordinal)) throw;
            throw new FormatException(Prefix + ex.Message);
        }
        if (occurredAtText is not null) occurredAt = ParseTime(occurredAtText);
        if (streamId is null || eventId is null || eventType is null || data is null || actor is null || occurredAt is null)
        {
            var missing = new[] { ("streamId", (object?)streamId), ("eventId", eventId), ("eventType", eventType), ("data", data), ("actor", actor), ("occurredAt", occurredAt) }
                .Where(f => f.Item2 is null).Select(f => f.Item1);
            throw new FormatException($"{Prefix}missing {string.Join(", ", missing)}");
        }
        var metadata = new EventMetadata(actor!, occurredAt!.Value, correlationId, causationId);
        return (streamId!, new EventData(eventId!.Value, eventType!, data!, metadata, schemaVersion ?? 1), position);
    }

    private enum Field { Other, Position, StreamId, EventId, EventType, SchemaVersion, Data, Actor, CorrelationId, CausationId, OccurredAt }

    private static Field Name(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            var exact = reader.ValueSpan switch
            {
                var s when s.SequenceEqual("position"u8) => Field.Position,
                var s when s.SequenceEqual("streamId"u8) => Field.StreamId,
                var s when s.SequenceEqual("eventId"u8) => Field.EventId,
                var s when s.SequenceEqual("eventType"u8) => Field.EventType,
                var s when s.SequenceEqual("schemaVersion"u8) => Field.SchemaVersion,
                var s when s.SequenceEqual("data"u8) => Field.Data,
                var s when s.SequenceEqual("actor"u8) => Field.Actor,
                var s when s.SequenceEqual("correlationId"u8) => Field.CorrelationId,
                var s when s.SequenceEqual("causationId"u8) => Field.CausationId,
                var s when s.SequenceEqual("occurredAt"u8) => Field.OccurredAt,
                _ => Field.Other,
            };
            if (exact != Field.Other) return exact;
        }
        // Any other spelling (PascalCase, escaped names) as the web defaults read it: case-insensitively.
        var name = reader.GetString();
        return name is [>= 'A' and <= 'z', ..] && Enum.TryParse<Field>(name, ignoreCase: true, out var field) ? field : Field.Other;
    }

    /// <summary>The string's unescaped UTF-8 bytes: the raw span when it holds no escape, the decoded text otherwise.</summary>
    private static byte[] Unescaped(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String) throw new FormatException("data must be a string holding the event's JSON");
        if (!reader.ValueIsEscaped)
        {
            if (!System.Text.Unicode.Utf8.IsValid(reader.ValueSpan)) throw new FormatException("data is not valid UTF-8");
            return reader.ValueSpan.ToArray();
        }
        var buffer = new byte[reader.ValueSpan.Length];
        var written = reader.CopyString(buffer);
        return written == buffer.Length ? buffer : buffer.AsSpan(0, written).ToArray();
    }

    private static DateTimeOffset ParseTime(string text)
    {
        try
        {
            return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        }
        catch (FormatException)
        {
            throw new FormatException($"occurredAt '{text}' is not an ISO 8601 time");
        }
    }

    public static (string StreamId, EventData Event, long? Position) Read(string line) => Read(Encoding.UTF8.GetBytes(line));
}
