using System.Text.Json;

namespace Ledger.EventStore.Hashing;

internal static partial class JsonbCanonical
{
    /// <summary>
    /// True when <paramref name="utf8Json"/> is already the text <see cref="Canonicalize"/> would write: what an export
    /// (stored jsonb text) or the demo generator carries. One forward pass with no allocation, so importing canonical
    /// data costs a scan instead of a parse and rewrite. Anything unusual (escapes other than jsonb's own, exponents,
    /// negative zero, unsorted or duplicate keys, other spacing) answers false and takes the full path.
    /// </summary>
    public static bool IsCanonical(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.IsEmpty || utf8Json[0] != (byte)'{') return false;
        Span<int> lastKeyStart = stackalloc int[Options.MaxDepth + 2];
        Span<int> lastKeyLength = stackalloc int[Options.MaxDepth + 2];
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = Options.MaxDepth });
        var previous = JsonTokenType.None;
        long previousEnd = 0;
        try
        {
            while (reader.Read())
            {
                var token = reader.TokenType;
                var gap = utf8Json[(int)previousEnd..(int)reader.TokenStartIndex];
                if (!SeparatorIsCanonical(previous, token, gap)) return false;
                switch (token)
                {
                    case JsonTokenType.StartObject:
                        lastKeyLength[reader.CurrentDepth + 1] = -1; // its properties sit one level deeper
                        break;
                    case JsonTokenType.PropertyName:
                        var depth = reader.CurrentDepth;
                        var start = (int)reader.TokenStartIndex + 1;
                        var name = reader.ValueSpan;
                        if (reader.ValueIsEscaped || !StringIsCanonical(name)) return false;
                        if (lastKeyLength[depth] >= 0 && !KeyOrdered(utf8Json.Slice(lastKeyStart[depth], lastKeyLength[depth]), name)) return false;
                        lastKeyStart[depth] = start;
                        lastKeyLength[depth] = name.Length;
                        break;
                    case JsonTokenType.String:
                        if (!StringIsCanonical(reader.ValueSpan)) return false;
                        break;
                    case JsonTokenType.Number:
                        var number = reader.ValueSpan;
                        if (number.IndexOfAny((byte)'e', (byte)'E') >= 0 || number.Length > MaxNumberLength || (number[0] == (byte)'-' && IsZero(number[1..])))
                            return false;
                        break;
                }
                previous = token;
                previousEnd = reader.BytesConsumed;
            }
        }
        catch (JsonException)
        {
            return false; // the full path reports what is wrong
        }
        return previousEnd == utf8Json.Length && previous == JsonTokenType.EndObject;
    }

    /// <summary>jsonb prints "{", "[" and their closers tight, ": " after a key and ", " between members.</summary>
    private static bool SeparatorIsCanonical(JsonTokenType previous, JsonTokenType token, ReadOnlySpan<byte> gap) =>
        previous switch
        {
            JsonTokenType.None or JsonTokenType.StartObject or JsonTokenType.StartArray => gap.IsEmpty,
            // The reader consumes the colon with the name, so only its following space is left between name and value.
            JsonTokenType.PropertyName => gap.SequenceEqual(" "u8),
            _ when token is JsonTokenType.EndObject or JsonTokenType.EndArray => gap.IsEmpty,
            _ => gap.SequenceEqual(", "u8),
        };

    /// <summary>Strictly after the previous key in jsonb's order (byte length, then bytes): sorted and no duplicates.</summary>
    private static bool KeyOrdered(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> key) =>
        previous.Length != key.Length ? previous.Length < key.Length : previous.SequenceCompareTo(key) < 0;

    /// <summary>A raw string token (between its quotes) whose escapes are exactly those PostgreSQL's escape_json writes.</summary>
    private static bool StringIsCanonical(ReadOnlySpan<byte> raw)
    {
        var at = raw.IndexOf((byte)'\\');
        while (at >= 0)
        {
            if (at + 1 >= raw.Length) return false;
            var escape = raw[at + 1];
            int length;
            if (escape is (byte)'"' or (byte)'\\' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t') length = 2;
            else if (escape == (byte)'u' && at + 6 <= raw.Length && IsControlEscape(raw.Slice(at + 2, 4))) length = 6;
            else return false;
            var next = raw[(at + length)..].IndexOf((byte)'\\');
            at = next < 0 ? -1 : at + length + next;
        }
        return true;
    }

    /// <summary>"00xx" in lower-case hex for a control character without a short escape (and never NUL).</summary>
    private static bool IsControlEscape(ReadOnlySpan<byte> hex)
    {
        if (hex[0] != (byte)'0' || hex[1] != (byte)'0' || hex[2] is not ((byte)'0' or (byte)'1')) return false;
        var low = hex[3] switch
        {
            >= (byte)'0' and <= (byte)'9' => hex[3] - '0',
            >= (byte)'a' and <= (byte)'f' => hex[3] - 'a' + 10,
            _ => -1,
        };
        if (low < 0) return false;
        var value = (hex[2] - '0') * 16 + low;
        return value is not (0 or 8 or 9 or 10 or 12 or 13);
    }
}
