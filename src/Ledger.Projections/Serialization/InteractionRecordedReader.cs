using System.Buffers;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ledger.Domain.Interactions;

namespace Ledger.Projections.Serialization;

/// <summary>
/// A fast path for decoding the commonest stored event, <see cref="InteractionRecorded"/>, without System.Text.Json's
/// constructor-parameter machinery (about a third of a replay's allocations). It reads only the exact shape the
/// serializer writes, or PostgreSQL's jsonb hands back (keys reordered), and returns null for anything else, so that
/// the caller falls back to <see cref="JsonSerializer"/>, which then gives its own result or its own exception.
/// </summary>
/// <remarks>
/// Every value is read with the same <see cref="Utf8JsonReader"/> method STJ's converters use (GetString,
/// TryGetGuid, TryGetDateTimeOffset, TryGetDecimal, TryGetInt32), and every record is built with its constructor, so
/// an accepted input decodes to what STJ would decode it to. What STJ would accept differently or refuse
/// (case-variant, escaped, duplicate or unknown names, nulls, numbers as strings, enums as numbers, missing members)
/// is declined rather than imitated.
/// </remarks>
public static class InteractionRecordedReader
{
    // The reader STJ itself would build from DomainJson.Options, so depth, comments and trailing commas agree.
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        MaxDepth = DomainJson.Options.MaxDepth,
        CommentHandling = DomainJson.Options.ReadCommentHandling,
        AllowTrailingCommas = DomainJson.Options.AllowTrailingCommas,
    };

    /// <summary>The event in <paramref name="utf8Json"/>, or null when the caller must decode it with STJ.</summary>
    public static InteractionRecorded? TryRead(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        try
        {
            // After the object only whitespace may follow (Read throws on anything else).
            return reader.Read() && TryReadEvent(ref reader, out var recorded) && !reader.Read() ? recorded : null;
        }
        // Malformed JSON, too deep, or a string that is not valid UTF-8: STJ reports these with its own message.
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>As <see cref="TryRead(ReadOnlySpan{byte})"/>, from the JSON as text (the store's <c>data</c> column).</summary>
    public static InteractionRecorded? TryRead(string json)
    {
        // STJ would transcode the text to UTF-8 first as well; text that is not valid UTF-16 is left to STJ to refuse.
        var buffer = ArrayPool<byte>.Shared.Rent(System.Text.Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            return System.Text.Unicode.Utf8.FromUtf16(json, buffer, out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done
                ? TryRead(buffer.AsSpan(0, written))
                : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool TryReadEvent(ref Utf8JsonReader reader, out InteractionRecorded? recorded)
    {
        recorded = null;
        if (reader.TokenType != JsonTokenType.StartObject) return false;
        Guid conversationId = default, interactionId = default, senderId = default;
        List<Guid>? receiverIds = null;
        DateTimeOffset occurredAt = default;
        string? contentHash = null;
        SourceRef? source = null;
        TransactionPayload? payload = null;
        Classification? classification = null;
        var seen = 0;
        while (TryNextMember(ref reader, out var atEnd))
        {
            if (atEnd)
            {
                // Every member is a constructor parameter without a default: all nine are required.
                if (seen != 0b1_1111_1111) return false;
                recorded = new InteractionRecorded(conversationId, interactionId, senderId, receiverIds!, occurredAt, contentHash!, source!, payload!, classification!);
                return true;
            }
            var ok =
                reader.ValueTextEquals("conversationId"u8) ? Once(ref seen, 1 << 0) && TryGuid(ref reader, out conversationId) :
                reader.ValueTextEquals("interactionId"u8) ? Once(ref seen, 1 << 1) && TryGuid(ref reader, out interactionId) :
                reader.ValueTextEquals("senderId"u8) ? Once(ref seen, 1 << 2) && TryGuid(ref reader, out senderId) :
                reader.ValueTextEquals("receiverIds"u8) ? Once(ref seen, 1 << 3) && TryGuids(ref reader, out receiverIds) :
                reader.ValueTextEquals("occurredAt"u8) ? Once(ref seen, 1 << 4) && TryDate(ref reader, out occurredAt) :
                reader.ValueTextEquals("contentHash"u8) ? Once(ref seen, 1 << 5) && TryString(ref reader, out contentHash) :
                reader.ValueTextEquals("source"u8) ? Once(ref seen, 1 << 6) && TryReadSource(ref reader, out source) :
                reader.ValueTextEquals("payload"u8) ? Once(ref seen, 1 << 7) && TryReadPayload(ref reader, out payload) :
                reader.ValueTextEquals("classification"u8) ? Once(ref seen, 1 << 8) && TryReadClassification(ref reader, out classification) :
                false;
            if (!ok) return false;
        }
        return false;
    }

    private static bool TryReadSource(ref Utf8JsonReader reader, out SourceRef? source)
    {
        source = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
        string? system = null, id = null;
        var seen = 0;
        while (TryNextMember(ref reader, out var atEnd))
        {
            if (atEnd)
            {
                if (seen != 0b11) return false;
                source = new SourceRef(system!, id!);
                return true;
            }
            var ok =
                reader.ValueTextEquals("system"u8) ? Once(ref seen, 1 << 0) && TryString(ref reader, out system) :
                reader.ValueTextEquals("id"u8) ? Once(ref seen, 1 << 1) && TryString(ref reader, out id) :
                false;
            if (!ok) return false;
        }
        return false;
    }

    private static bool TryReadClassification(ref Utf8JsonReader reader, out Classification? classification)
    {
        classification = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
        ClassificationSource source = default;
        string? ruleId = null;
        var confidence = 1m;
        var seen = 0;
        while (TryNextMember(ref reader, out var atEnd))
        {
            if (atEnd)
            {
                // Only the source is required; an absent rule id or confidence keeps the constructor's default, as STJ passes it.
                if ((seen & 0b001) == 0) return false;
                classification = new Classification(source, ruleId, confidence);
                return true;
            }
            var ok =
                reader.ValueTextEquals("source"u8) ? Once(ref seen, 1 << 0) && TryEnum(ref reader, out source) :
                reader.ValueTextEquals("ruleId"u8) ? Once(ref seen, 1 << 1) && TryNullableString(ref reader, out ruleId) :
                reader.ValueTextEquals("confidence"u8) ? Once(ref seen, 1 << 2) && TryDecimal(ref reader, out confidence) :
                false;
            if (!ok) return false;
        }
        return false;
    }

    // The members of all four payload cases, as bits of one mask: the names do not overlap, so one pass reads any
    // case whatever the position of "kind" (jsonb puts it after shorter keys), and the case is checked at the end.
    private const int Kind = 1 << 0, Amount = 1 << 1, Currency = 1 << 2, Direction = 1 << 3, Reference = 1 << 4,
        What = 1 << 5, Topic = 1 << 6, BuildsOn = 1 << 7, Item = 1 << 8, Quantity = 1 << 9, Unit = 1 << 10, Status = 1 << 11,
        Signal = 1 << 12, Valence = 1 << 13, Intensity = 1 << 14;

    private static bool TryReadPayload(ref Utf8JsonReader reader, out TransactionPayload? payload)
    {
        payload = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
        var kind = -1;
        decimal amount = 0, quantity = 0, valence = 0;
        int intensity = 0;
        // An absent reference or buildsOn stays null: the constructors' default, which STJ passes too.
        string? currency = null, reference = null, topic = null, item = null, unit = null;
        Guid? buildsOn = null;
        MoneyDirection direction = default;
        InformationKind what = default;
        LogisticalStatus status = default;
        EmotionalSignal signal = default;
        var seen = 0;
        while (TryNextMember(ref reader, out var atEnd))
        {
            if (atEnd)
            {
                payload = kind switch
                {
                    0 when Exactly(seen, Kind | Amount | Currency | Direction, Reference) =>
                        new MonetaryPayload(amount, currency!, direction, reference),
                    1 when Exactly(seen, Kind | What | Topic, BuildsOn) =>
                        new InformationalPayload(what, topic!, buildsOn),
                    2 when Exactly(seen, Kind | Item | Quantity | Unit | Status, 0) => new LogisticalPayload(item!, quantity, unit!, status),
                    3 when Exactly(seen, Kind | Signal | Valence | Intensity, 0) => new EmotionalPayload(signal, valence, intensity),
                    _ => null,
                };
                return payload is not null;
            }
            var ok =
                reader.ValueTextEquals("kind"u8) ? Once(ref seen, Kind) && TryKind(ref reader, out kind) :
                reader.ValueTextEquals("amount"u8) ? Once(ref seen, Amount) && TryDecimal(ref reader, out amount) :
                reader.ValueTextEquals("currency"u8) ? Once(ref seen, Currency) && TryString(ref reader, out currency) :
                reader.ValueTextEquals("direction"u8) ? Once(ref seen, Direction) && TryEnum(ref reader, out direction) :
                reader.ValueTextEquals("reference"u8) ? Once(ref seen, Reference) && TryNullableString(ref reader, out reference) :
                reader.ValueTextEquals("what"u8) ? Once(ref seen, What) && TryEnum(ref reader, out what) :
                reader.ValueTextEquals("topic"u8) ? Once(ref seen, Topic) && TryString(ref reader, out topic) :
                reader.ValueTextEquals("buildsOn"u8) ? Once(ref seen, BuildsOn) && TryNullableGuid(ref reader, out buildsOn) :
                reader.ValueTextEquals("item"u8) ? Once(ref seen, Item) && TryString(ref reader, out item) :
                reader.ValueTextEquals("quantity"u8) ? Once(ref seen, Quantity) && TryDecimal(ref reader, out quantity) :
                reader.ValueTextEquals("unit"u8) ? Once(ref seen, Unit) && TryString(ref reader, out unit) :
                reader.ValueTextEquals("status"u8) ? Once(ref seen, Status) && TryEnum(ref reader, out status) :
                reader.ValueTextEquals("signal"u8) ? Once(ref seen, Signal) && TryEnum(ref reader, out signal) :
                reader.ValueTextEquals("valence"u8) ? Once(ref seen, Valence) && TryDecimal(ref reader, out valence) :
                reader.ValueTextEquals("intensity"u8) ? Once(ref seen, Intensity) && TryInt(ref reader, out intensity) :
                false;
            if (!ok) return false;
        }
        return false;
    }

    /// <summary>The case's required members all present, and nothing but them and its optional ones.</summary>
    private static bool Exactly(int seen, int required, int optional) => (seen & required) == required && (seen & ~(required | optional)) == 0;

    // The discriminator names of TransactionPayload's [JsonDerivedType]s. An escaped value is declined: whether STJ
    // unescapes a discriminator before matching it is not worth relying on.
    private static bool TryKind(ref Utf8JsonReader reader, out int kind)
    {
        kind = -1;
        if (!reader.Read() || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped) return false;
        kind = reader.ValueTextEquals("monetary"u8) ? 0 :
            reader.ValueTextEquals("informational"u8) ? 1 :
            reader.ValueTextEquals("logistical"u8) ? 2 :
            reader.ValueTextEquals("emotional"u8) ? 3 : -1;
        return kind >= 0;
    }

    /// <summary>
    /// Moves to the next member name of the object being read (false on anything unexpected; <paramref name="atEnd"/>
    /// at its end). Escaped names are declined, so that a name is matched by its raw bytes exactly as it is written
    /// (STJ's metadata names such as "kind" might not be unescaped the way ordinary members are).
    /// </summary>
    private static bool TryNextMember(ref Utf8JsonReader reader, out bool atEnd)
    {
        atEnd = false;
        if (!reader.Read()) return false;
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            atEnd = true;
            return true;
        }
        return reader.TokenType == JsonTokenType.PropertyName && !reader.ValueIsEscaped;
    }

    /// <summary>Marks a member as read; false when it was read already (STJ's handling of duplicates is not imitated).</summary>
    private static bool Once(ref int seen, int bit)
    {
        if ((seen & bit) != 0) return false;
        seen |= bit;
        return true;
    }

    private static bool TryGuid(ref Utf8JsonReader reader, out Guid value)
    {
        value = default;
        return reader.Read() && reader.TokenType == JsonTokenType.String && reader.TryGetGuid(out value);
    }

    private static bool TryNullableGuid(ref Utf8JsonReader reader, out Guid? value)
    {
        value = null;
        if (!reader.Read()) return false;
        if (reader.TokenType == JsonTokenType.Null) return true;
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetGuid(out var guid)) return false;
        value = guid;
        return true;
    }

    private static bool TryGuids(ref Utf8JsonReader reader, out List<Guid>? values)
    {
        // STJ materialises an IReadOnlyList<Guid> as a List<Guid>; so does this.
        values = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return false;
        var list = new List<Guid>();
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                values = list;
                return true;
            }
            if (reader.TokenType != JsonTokenType.String || !reader.TryGetGuid(out var guid)) return false;
            list.Add(guid);
        }
        return false;
    }

    private static bool TryDate(ref Utf8JsonReader reader, out DateTimeOffset value)
    {
        value = default;
        return reader.Read() && reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out value);
    }

    /// <summary>A string member that is not nullable: null is declined (STJ refuses it under RespectNullableAnnotations).</summary>
    private static bool TryString(ref Utf8JsonReader reader, out string? value)
    {
        value = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.String) return false;
        value = reader.GetString();
        return true;
    }

    private static bool TryNullableString(ref Utf8JsonReader reader, out string? value)
    {
        value = null;
        if (!reader.Read()) return false;
        if (reader.TokenType == JsonTokenType.Null) return true;
        if (reader.TokenType != JsonTokenType.String) return false;
        value = reader.GetString();
        return true;
    }

    // Numbers as JSON numbers only (JsonNumberHandling.Strict), parsed by the reader's own Try methods.
    private static bool TryDecimal(ref Utf8JsonReader reader, out decimal value)
    {
        value = default;
        return reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out value);
    }

    private static bool TryInt(ref Utf8JsonReader reader, out int value)
    {
        value = default;
        return reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out value);
    }

    /// <summary>An enum as exactly one of its members' camelCase names; anything else (numbers, other cases) is STJ's to judge.</summary>
    private static bool TryEnum<TEnum>(ref Utf8JsonReader reader, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        if (!reader.Read() || reader.TokenType != JsonTokenType.String) return false;
        var names = EnumNames<TEnum>.Names;
        for (var i = 0; i < names.Length; i++)
        {
            if (!reader.ValueTextEquals(names[i])) continue;
            value = EnumNames<TEnum>.Values[i];
            return true;
        }
        return false;
    }

    private static class EnumNames<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly TEnum[] Values = Enum.GetValues<TEnum>();

        // The names DomainJson's JsonStringEnumConverter writes; none at all (always decline) if a member renames itself.
        public static readonly byte[][] Names = typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static).Any(f => f.IsDefined(typeof(JsonStringEnumMemberNameAttribute)))
            ? []
            : [.. Values.Select(v => System.Text.Encoding.UTF8.GetBytes(JsonNamingPolicy.CamelCase.ConvertName(v.ToString())))];
    }
}
