namespace Ledger.Import.Sources.Mbox;

/// <summary>
/// Content-Transfer-Encoding (RFC 2045) back to the bytes: base64, quoted-printable; 7bit, 8bit, binary and unknown
/// encodings are the bytes as they are. Both decoders are lenient: what is not well formed is skipped or kept
/// literally rather than failing the message.
/// </summary>
internal static class TransferEncoding
{
    public static byte[] Decode(string? encoding, ReadOnlySpan<byte> body) =>
        (encoding ?? "").Trim().ToLowerInvariant() switch
        {
            "base64" => DecodeBase64(body),
            "quoted-printable" => DecodeQuotedPrintable(body),
            _ => body.ToArray(),
        };

    /// <summary>Base64 ignoring line breaks and any character outside the alphabet; stops at the padding.</summary>
    public static byte[] DecodeBase64(ReadOnlySpan<byte> text)
    {
        var chars = new char[text.Length];
        var count = 0;
        foreach (var b in text)
        {
            if (b == '=') break;
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'+' or (byte)'/')
                chars[count++] = (char)b;
        }
        if (count % 4 == 1) count--; // a lone trailing sextet carries no whole byte
        var padded = count % 4 == 0 ? count : count + (4 - (count % 4));
        for (var i = count; i < padded; i++) chars[i] = '=';
        return padded == 0 ? [] : Convert.FromBase64CharArray(chars, 0, padded);
    }

    /// <summary>
    /// Quoted-printable: <c>=XX</c> is a byte, <c>=</c> at the end of a line is a soft line break (the line goes on),
    /// and whitespace at the end of an encoded line was added in transport and is dropped (RFC 2045 §6.7).
    /// </summary>
    public static byte[] DecodeQuotedPrintable(ReadOnlySpan<byte> text)
    {
        var output = new List<byte>(text.Length);
        var trailingSpaces = 0; // literal spaces/tabs at the end of what was written for the current line
        for (var i = 0; i < text.Length; i++)
        {
            var b = text[i];
            if (b == '=')
            {
                var rest = text[(i + 1)..];
                if (rest.Length >= 2 && IsHex(rest[0]) && IsHex(rest[1]))
                {
                    output.Add((byte)((HexValue(rest[0]) << 4) | HexValue(rest[1])));
                    trailingSpaces = 0;
                    i += 2;
                    continue;
                }
                var skip = 0;
                while (skip < rest.Length && rest[skip] is (byte)' ' or (byte)'\t') skip++;
                if (skip < rest.Length && rest[skip] == '\r') skip++;
                if ((skip < rest.Length && rest[skip] == '\n') || skip == rest.Length)
                {
                    // Soft line break: drop the '=', the padding after it and the line end. Spaces before the '=' are
                    // content (the line goes on), not trailing whitespace.
                    trailingSpaces = 0;
                    i += Math.Min(skip + 1, rest.Length);
                    continue;
                }
            }
            if (b is (byte)'\r' or (byte)'\n')
            {
                output.RemoveRange(output.Count - trailingSpaces, trailingSpaces);
                trailingSpaces = 0;
                output.Add(b);
                continue;
            }
            output.Add(b);
            trailingSpaces = b is (byte)' ' or (byte)'\t' ? trailingSpaces + 1 : 0;
        }
        output.RemoveRange(output.Count - trailingSpaces, trailingSpaces);
        return [.. output];
    }

    private static bool IsHex(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'A' and <= (byte)'F') or (>= (byte)'a' and <= (byte)'f');

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
