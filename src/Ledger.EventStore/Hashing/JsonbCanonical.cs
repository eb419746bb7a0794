using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ledger.EventStore.Hashing;

/// <summary>
/// Rewrites a JSON object into exactly the text PostgreSQL prints for it as <c>jsonb</c>: keys ordered by byte length
/// then bytes, duplicate keys resolved to the last value, ", " and ": " separators, numbers as <c>numeric</c> prints them.
/// The hash chain covers this text, so that <c>Verify</c> can recompute it from the stored rows alone (the server's
/// <c>data::text</c>), while the store can still hash on the client (needed for group commit and binary COPY).
/// </summary>
internal static class JsonbCanonical
{
    /// <summary>Numbers beyond this many characters or exponent are refused (PostgreSQL's own limit is 1000).</summary>
    private const int MaxNumberLength = 300;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <summary>Returns the canonical UTF-8 text of a JSON object, or throws <see cref="InvalidAppendException"/>.</summary>
    public static byte[] Canonicalize(ReadOnlyMemory<byte> utf8Json, string field)
    {
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
                WriteString(ReadString(element, field), output, field);
                break;
            case JsonValueKind.Number:
                Ascii(output, CanonicalNumber(element.GetRawText(), field));
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
        // Last occurrence of a key wins, as in jsonb.
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
            properties[ReadName(property, field)] = property.Value;

        var keys = properties.Keys.Select(k => (Key: k, Bytes: Encoding.UTF8.GetBytes(k))).ToList();
        keys.Sort(static (a, b) => a.Bytes.Length != b.Bytes.Length
            ? a.Bytes.Length.CompareTo(b.Bytes.Length)
            : a.Bytes.AsSpan().SequenceCompareTo(b.Bytes));

        Ascii(output, "{");
        for (var i = 0; i < keys.Count; i++)
        {
            if (i > 0) Ascii(output, ", ");
            WriteString(keys[i].Key, output, field);
            Ascii(output, ": ");
            Write(properties[keys[i].Key], output, field);
        }
        Ascii(output, "}");
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

    private static string ReadString(JsonElement element, string field)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new InvalidAppendException(field, $"{field} holds a string that is not valid Unicode (e.g. a lone surrogate).");
        }
    }

    /// <summary>PostgreSQL's escape_json: quote, backslash and control characters escaped; everything else raw UTF-8.</summary>
    private static void WriteString(string value, ArrayBufferWriter<byte> output, string field)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\0':
                    throw new InvalidAppendException(field, $"{field} holds a \\u0000 character, which PostgreSQL's jsonb cannot store.");
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case < ' ':
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
        builder.Append('"');
        var text = builder.ToString();
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
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
