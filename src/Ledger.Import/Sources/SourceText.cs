namespace Ledger.Import.Sources;

/// <summary>Small checks and normalisations shared by the sources: e-mail addresses, handles, line endings.</summary>
internal static class SourceText
{
    private const string AddressSpecials = "<>()[]\\,;:\"";

    /// <summary>
    /// A pragmatic e-mail check: one <c>@</c>, a non-empty local part (≤ 64), a dotted domain (≤ 255) with non-empty
    /// labels, no whitespace, control characters or address specials. Non-ASCII (internationalised) addresses pass.
    /// </summary>
    public static bool IsEmail(string? value)
    {
        if (string.IsNullOrEmpty(value)) return false;
        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at > 64 || at != value.LastIndexOf('@') || at == value.Length - 1) return false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || AddressSpecials.Contains(c, StringComparison.Ordinal)) return false;
        }
        var domain = value.AsSpan(at + 1);
        if (domain.Length > 255 || !domain.Contains('.')) return false;
        foreach (var label in value[(at + 1)..].Split('.'))
        {
            if (label.Length == 0 || label[0] == '-' || label[^1] == '-') return false;
        }
        return true;
    }

    /// <summary><c>@name</c> → <c>name</c>: letters, digits, <c>. _ -</c>, 1 to 80 characters after the <c>@</c>.</summary>
    public static bool TryParseHandle(string? value, out string handle)
    {
        handle = "";
        if (value is not { Length: >= 2 and <= 81 } || value[0] != '@') return false;
        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            if (!char.IsLetterOrDigit(c) && c is not ('.' or '_' or '-')) return false;
        }
        handle = value[1..];
        return true;
    }

    /// <summary>CRLF and lone CR become LF, so that the same text hashes the same whatever the file's line endings.</summary>
    public static string NormaliseNewlines(string text) =>
        text.Contains('\r', StringComparison.Ordinal) ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : text;
}
