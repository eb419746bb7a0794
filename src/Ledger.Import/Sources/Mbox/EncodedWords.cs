using System.Text;
using System.Text.RegularExpressions;

namespace Ledger.Import.Sources.Mbox;

/// <summary>
/// RFC 2047 encoded words in header text: <c>=?charset?B?base64?=</c> and <c>=?charset?Q?quoted_printable?=</c>.
/// Whitespace between two adjacent encoded words is dropped, and adjacent words in the same charset are decoded
/// together, so that a multi-byte character split across two words survives. A word in an unknown charset is read as
/// UTF-8 or windows-1252 (see <see cref="Charsets"/>); a word that is not well formed stays as written.
/// </summary>
internal static partial class EncodedWords
{
    public static string Decode(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var matches = EncodedWord().Matches(text);
        if (matches.Count == 0) return text;

        var result = new StringBuilder(text.Length);
        var position = 0;
        var pending = new List<byte>();
        string? pendingCharset = null;
        foreach (Match match in matches)
        {
            var between = text[position..match.Index];
            var adjacent = pendingCharset is not null && string.IsNullOrWhiteSpace(between);
            var charset = match.Groups["charset"].Value;
            if (!adjacent || !string.Equals(charset, pendingCharset, StringComparison.OrdinalIgnoreCase))
            {
                Flush(result, pending, pendingCharset);
                pendingCharset = null;
                if (!adjacent) result.Append(between);
            }
            var payload = match.Groups["text"].Value;
            var bytes = match.Groups["encoding"].Value is "B" or "b" ? TransferEncoding.DecodeBase64(Encoding.ASCII.GetBytes(payload)) : DecodeQ(payload);
            pending.AddRange(bytes);
            pendingCharset = charset;
            position = match.Index + match.Length;
        }
        Flush(result, pending, pendingCharset);
        result.Append(text.AsSpan(position));
        return result.ToString();
    }

    private static void Flush(StringBuilder result, List<byte> pending, string? charset)
    {
        if (charset is null) return;
        result.Append(Charsets.Decode(pending.ToArray(), charset));
        pending.Clear();
    }

    /// <summary>The Q encoding: quoted-printable where <c>_</c> is a space.</summary>
    private static byte[] DecodeQ(string payload)
    {
        var bytes = new List<byte>(payload.Length);
        for (var i = 0; i < payload.Length; i++)
        {
            var c = payload[i];
            if (c == '_') bytes.Add((byte)' ');
            else if (c == '=' && i + 2 < payload.Length && char.IsAsciiHexDigit(payload[i + 1]) && char.IsAsciiHexDigit(payload[i + 2]))
            {
                bytes.Add(Convert.ToByte(payload.Substring(i + 1, 2), 16));
                i += 2;
            }
            else bytes.Add(c < 0x80 ? (byte)c : (byte)'?');
        }
        return [.. bytes];
    }

    [GeneratedRegex(@"=\?(?<charset>[^?\s]+)\?(?<encoding>[BbQq])\?(?<text>[^?\s]*)\?=", RegexOptions.CultureInvariant)]
    private static partial Regex EncodedWord();
}
