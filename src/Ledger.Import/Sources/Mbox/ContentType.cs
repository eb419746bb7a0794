using System.Text;

namespace Ledger.Import.Sources.Mbox;

/// <summary>A Content-Type (or Content-Disposition) value: lower-cased media type and its parameters (RFC 2045 §5.1).</summary>
internal sealed record ContentType(string MediaType, IReadOnlyDictionary<string, string> Parameters)
{
    public string Type => MediaType.Split('/')[0];

    public string Subtype => MediaType.Contains('/', StringComparison.Ordinal) ? MediaType[(MediaType.IndexOf('/', StringComparison.Ordinal) + 1)..] : "";

    public string? Parameter(string name) => Parameters.GetValueOrDefault(name);

    /// <summary>Absent or unreadable values are <paramref name="fallback"/> (RFC 2045's default is text/plain).</summary>
    public static ContentType Parse(string? value, string fallback = "text/plain")
    {
        var parts = SplitOutsideQuotes(value ?? "");
        var mediaType = parts.Count > 0 ? parts[0].Trim().ToLowerInvariant() : "";
        if (mediaType.Length == 0 || (fallback.Contains('/', StringComparison.Ordinal) && !mediaType.Contains('/', StringComparison.Ordinal))) mediaType = fallback;
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parts.Skip(1))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) continue;
            var name = part[..equals].Trim();
            var raw = part[(equals + 1)..].Trim();
            parameters.TryAdd(name, raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"' ? Unquote(raw[1..^1]) : raw);
        }
        return new ContentType(mediaType, parameters);
    }

    private static List<string> SplitOutsideQuotes(string value)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (quoted && c == '\\' && i + 1 < value.Length)
            {
                current.Append(c).Append(value[++i]);
                continue;
            }
            if (c == '"') quoted = !quoted;
            if (c == ';' && !quoted)
            {
                parts.Add(current.ToString());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        parts.Add(current.ToString());
        return parts;
    }

    private static string Unquote(string text)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length) i++;
            result.Append(text[i]);
        }
        return result.ToString();
    }
}
