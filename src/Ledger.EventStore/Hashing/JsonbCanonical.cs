using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Runtime.InteropServices;

namespace Ledger.EventStore.Hashing;

/// <summary>
/// Rewrites a JSON object into exactly the text PostgreSQL prints for it as <c>jsonb</c>: keys ordered by byte length
/// then bytes, duplicate keys resolved to the last value, ", " and ": " separators, numbers as <c>numeric</c> prints them.
/// The hash chain covers this text, so that <c>Verify</c> can recompute it from the stored rows alone (the server's
/// <c>data::text</c>), while the store can still hash on the client (needed for group commit and binary COPY).
/// </summary>
internal static partial class JsonbCanonical
{
    /// <summary>Numbers beyond this many characters or exponent are refused (PostgreSQL's own limit is 1000).</summary>
    private const int MaxNumberLength = 300;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <summary>Returns the canonical UTF-8 text of a JSON object, or throws <see cref="InvalidAppendException"/>.</summary>
    public static byte[] Canonicalize(ReadOnlyMemory<byte> utf8Json, string field)
    {
        if (IsCanonical(utf8Json.Span))
            return MemoryMarshal.TryGetArray(utf8Json, out var whole) && whole.Offset == 0 && whole.Count == whole.Array!.Length ? whole.Array : utf8Json.ToArray();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidAppendException(field, $"{field} is not valid JSON: {ex.Message}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidAppendException(field, $"{field} must be a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
            var buffer = new ArrayBufferWriter<byte>(utf8Json.Length + 16);
            Write(document.RootElement, buffer, field);
            return buffer.WrittenSpan.ToArray();
        }
    }

    private static void Write(JsonElement element, ArrayBufferWriter<byte> output, string field)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(element, output, field);
                break;
            case JsonValueKind.Array:
                Ascii(output, "[");
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first) Ascii(output, ", ");
                    first = false;
                    Write(item, output, field);
                }
                Ascii(output, "]");
                break;
            case JsonValueKind.String:
                WriteStringToken(JsonMarshal.GetRawUtf8Value(element), element, output, field);
                break;
            case JsonValueKind.Number:
                WriteNumber(JsonMarshal.GetRawUtf8Value(element), output, field);
                break;
            case JsonValueKind.True:
                Ascii(output, "true");
                break;
            case JsonValueKind.False:
                Ascii(output, "false");
                break;
            default:
                Ascii(output, "null");
                break;
        }
    }

    private static void WriteObject(JsonElement element, ArrayBufferWriter<byte> output, string field)
    {
        var properties = new List<(byte[] Name, int Order, JsonElement Value)>();
        foreach (var property in element.EnumerateObject())
            properties.Add((NameBytes(property, field), properties.Count, property.Value));
        // jsonb orders keys by byte length, then bytes; for a duplicated key the last occurrence wins.
        properties.Sort(static (a, b) =>
        {
            if (a.Name.Length != b.Name.Length) return a.Name.Length.CompareTo(b.Name.Length);
            var byBytes = a.Name.AsSpan().SequenceCompareTo(b.Name);
            return byBytes != 0 ? byBytes : a.Order.CompareTo(b.Order);
        });

        Ascii(output, "{");
        var written = 0;
        for (var i = 0; i < properties.Count; i++)
        {
            if (i + 1 < properties.Count && properties[i + 1].Name.AsSpan().SequenceEqual(properties[i].Name)) continue;
            if (written++ > 0) Ascii(output, ", ");
            WriteEscaped(properties[i].Name, output, field);
            Ascii(output, ": ");
            Write(properties[i].Value, output, field);
        }
        Ascii(output, "}");
    }

    /// <summary>The key's unescaped UTF-8 bytes (the raw bytes when it holds no escape: the common case).</summary>
    private static byte[] NameBytes(JsonProperty property, string field)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        return raw.IndexOf((byte)'\\') < 0 ? raw.ToArray() : Encoding.UTF8.GetBytes(ReadName(property, field));
    }

    private static string ReadName(JsonProperty property, string field)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            throw new InvalidAppendException(field, $"{field} holds a property name that is not valid Unicode.");
        }
    }

    /// <summary>
    /// A string token without escapes is already what PostgreSQL prints (valid JSON cannot hold a raw quote or control
    /// character, and both sides keep non-ASCII as UTF-8): copy it. Otherwise decode and re-escape.
    /// </summary>
    private static void WriteStringToken(ReadOnlySpan<byte> raw, JsonElement element, ArrayBufferWriter<byte> output, string field)
    {
        if (raw.IndexOf((byte)'\\') < 0)
        {
            output.Write(raw); // the raw token, quotes included
            return;
        }
        string value;
        try
        {
            value = element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new InvalidAppendException(field, $"{field} holds a string that is not valid Unicode (e.g. a lone surrogate).");
        }
        WriteEscaped(Encoding.UTF8.GetBytes(value), output, field);
    }

    /// <summary>PostgreSQL's escape_json over unescaped UTF-8: quote, backslash and control characters escaped.</summary>
    private static void WriteEscaped(ReadOnlySpan<byte> utf8, ArrayBufferWriter<byte> output, string field)
    {
        Ascii(output, "\"");
        foreach (var b in utf8)
        {
            switch (b)
            {
                case 0:
                    throw new InvalidAppendException(field, $"{field} holds a \\u0000 character, which PostgreSQL's jsonb cannot store.");
                case (byte)'\b': Ascii(output, "\\b"); break;
                case (byte)'\f': Ascii(output, "\\f"); break;
                case (byte)'\n': Ascii(output, "\\n"); break;
                case (byte)'\r': Ascii(output, "\\r"); break;
                case (byte)'\t': Ascii(output, "\\t"); break;
                case (byte)'"': Ascii(output, "\\\""); break;
                case (byte)'\\': Ascii(output, "\\\\"); break;
                case < 0x20:
                    Ascii(output, "\\u" + b.ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    output.GetSpan(1)[0] = b;
                    output.Advance(1);
                    break;
            }
        }
        Ascii(output, "\"");
    }

    /// <summary>Plain integers and decimals print as written (but for negative zero); exponents take the slow path.</summary>
    private static void WriteNumber(ReadOnlySpan<byte> raw, ArrayBufferWriter<byte> output, string field)
    {
        if (raw.IndexOfAny((byte)'e', (byte)'E') < 0 && raw.Length <= MaxNumberLength && !(raw[0] == (byte)'-' && IsZero(raw[1..])))
        {
            output.Write(raw);
            return;
        }
        Ascii(output, CanonicalNumber(Encoding.ASCII.GetString(raw), field));
    }

    private static bool IsZero(ReadOnlySpan<byte> digits)
    {
        foreach (var b in digits)
        {
            if (b != (byte)'0' && b != (byte)'.') return false;
        }
        return true;
    }

    /// <summary>
    /// The text <c>numeric</c> prints for a JSON number: exponent applied, display scale = max(0, fraction digits − exponent),
    /// leading zeros dropped, no negative zero.
    /// </summary>
    internal static string CanonicalNumber(string token, string field)
    {
        if (token.Length > MaxNumberLength)
            throw new InvalidAppendException(field, $"{field} holds a number longer than {MaxNumberLength} characters.");
        var negative = token[0] == '-';
        var body = negative ? token[1..] : token;
        var exponentAt = body.IndexOfAny(['e', 'E']);
        var exponent = 0;
        if (exponentAt >= 0)
        {
            if (!int.TryParse(body[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)
                || Math.Abs(exponent) > MaxNumberLength)
                throw new InvalidAppendException(field, $"{field} holds a number whose exponent is out of range.");
            body = body[..exponentAt];
        }
        var pointAt = body.IndexOf('.');
        var integerDigits = pointAt >= 0 ? body[..pointAt] : body;
        var fractionDigits = pointAt >= 0 ? body[(pointAt + 1)..] : "";
        var digits = integerDigits + fractionDigits;
        var scale = Math.Max(0, fractionDigits.Length - exponent);
        var pointPosition = integerDigits.Length + exponent; // index in digits where the decimal point falls

        string integerPart, fractionPart;
        if (pointPosition <= 0)
        {
            integerPart = "0";
            fractionPart = new string('0', -pointPosition) + digits;
        }
        else if (pointPosition >= digits.Length)
        {
            integerPart = digits + new string('0', pointPosition - digits.Length);
            fractionPart = "";
        }
        else
        {
            integerPart = digits[..pointPosition];
            fractionPart = digits[pointPosition..];
        }
        integerPart = integerPart.TrimStart('0');
        if (integerPart.Length == 0) integerPart = "0";
        fractionPart = fractionPart.Length >= scale ? fractionPart[..scale] : fractionPart + new string('0', scale - fractionPart.Length);

        var isZero = integerPart == "0" && fractionPart.All(static c => c == '0');
        var sign = negative && !isZero ? "-" : "";
        return scale > 0 ? $"{sign}{integerPart}.{fractionPart}" : $"{sign}{integerPart}";
    }

    private static void Ascii(ArrayBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(text.Length);
        for (var i = 0; i < text.Length; i++) span[i] = (byte)text[i];
        output.Advance(text.Length);
    }
}
