using System.Text;
using System.Text.Unicode;

namespace Ledger.Import.Sources.Mbox;

/// <summary>
/// Bytes to text by a MIME charset name. Legacy code pages (windows-1252, ISO-8859-2…, KOI8-R, Shift_JIS…) come from
/// the BCL's <see cref="CodePagesEncodingProvider"/>. Undeclared, us-ascii-declared or unknown charsets are read as
/// UTF-8 when the bytes are valid UTF-8, else as windows-1252 (a superset of ISO-8859-1 for printable text): mail
/// clients often send 8-bit text without saying so.
/// </summary>
internal static class Charsets
{
    private static readonly Encoding Utf8Text = new UTF8Encoding(false, false);
    private static readonly Encoding Windows1252;

    static Charsets()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Windows1252 = Encoding.GetEncoding(1252);
    }

    public static string Decode(ReadOnlySpan<byte> bytes, string? charset)
    {
        var encoding = Find(charset);
        return encoding is not null ? encoding.GetString(bytes) : DecodeUndeclared(bytes);
    }

    /// <summary>UTF-8 when valid (raw UTF-8 headers are allowed by RFC 6532), else windows-1252.</summary>
    public static string DecodeUndeclared(ReadOnlySpan<byte> bytes) =>
        Utf8.IsValid(bytes) ? Utf8Text.GetString(bytes) : Windows1252.GetString(bytes);

    /// <summary>The encoding of a charset name; null for us-ascii (see above) and for names the platform does not know.</summary>
    public static Encoding? Find(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset)) return null;
        var name = charset.Trim().Trim('"');
        var language = name.IndexOf('*', StringComparison.Ordinal); // RFC 2231 language suffix: utf-8*en
        if (language >= 0) name = name[..language];
        switch (name.ToLowerInvariant())
        {
            case "us-ascii" or "ascii" or "ansi_x3.4-1968" or "unknown-8bit" or "x-unknown" or "default":
                return null;
            case "utf-8" or "utf8":
                return Utf8Text;
            case "iso-8859-1" or "latin1" or "latin-1" or "iso8859-1" or "iso_8859-1":
                // Mail labelled Latin-1 is in practice often windows-1252 (curly quotes, euro sign); the two agree on
                // every printable Latin-1 character, as WHATWG's encoding standard also assumes.
                return Windows1252;
        }
        try
        {
            return Encoding.GetEncoding(name, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return null; // unknown to the platform, or disabled (UTF-7)
        }
    }
}
