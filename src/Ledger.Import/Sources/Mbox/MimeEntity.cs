namespace Ledger.Import.Sources.Mbox;

/// <summary>
/// A message or body part: its header fields and its undecoded body. Input lines end in LF (the mbox reader
/// normalises them). Header fields are unfolded (RFC 5322 §2.2.3: the line break before a space or tab is removed) and
/// read as UTF-8 when valid, else windows-1252; encoded words are left for the caller to decode where they may appear.
/// </summary>
internal sealed class MimeEntity
{
    private readonly List<KeyValuePair<string, string>> _fields;

    private MimeEntity(List<KeyValuePair<string, string>> fields, ReadOnlyMemory<byte> body)
    {
        _fields = fields;
        Body = body;
    }

    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The first field of that name (case-insensitive), trimmed; null when absent.</summary>
    public string? this[string name] =>
        _fields.FirstOrDefault(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.Trim();

    public static MimeEntity Parse(ReadOnlyMemory<byte> bytes)
    {
        var fields = new List<KeyValuePair<string, string>>();
        var span = bytes.Span;
        var position = 0;
        string? name = null;
        var value = new List<byte>();
        while (position < span.Length)
        {
            var end = span[position..].IndexOf((byte)'\n');
            var next = end < 0 ? span.Length : position + end + 1;
            var line = span[position..(end < 0 ? span.Length : position + end)];
            if (line.EndsWith("\r"u8)) line = line[..^1];
            position = next;

            if (line.IsEmpty) break; // the blank line between header and body
            if (line[0] is (byte)' ' or (byte)'\t')
            {
                if (name is not null) value.AddRange(line);
                continue;
            }
            Add(fields, name, value);
            name = null;
            var colon = line.IndexOf((byte)':');
            if (colon <= 0) continue; // not a header field: ignored
            name = Charsets.DecodeUndeclared(line[..colon]).Trim();
            value.AddRange(line[(colon + 1)..]);
        }
        Add(fields, name, value);
        return new MimeEntity(fields, bytes[Math.Min(position, bytes.Length)..]);
    }

    private static void Add(List<KeyValuePair<string, string>> fields, string? name, List<byte> value)
    {
        if (name is { Length: > 0 } && !name.Contains(' ', StringComparison.Ordinal))
            fields.Add(new(name, Charsets.DecodeUndeclared(value.ToArray())));
        value.Clear();
    }
}
