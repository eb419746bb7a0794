namespace Ledger.Import.Sources.Csv;

/// <summary>Where each known column sits in the header (−1 when absent). Names are case-insensitive; order is free.</summary>
internal sealed record CsvColumns(int Count, IReadOnlyDictionary<string, int> Index)
{
    public static readonly string[] Required = ["message_id", "thread_id", "sent_at", "channel", "from", "to", "text"];

    public static readonly string[] Optional = ["from_name", "from_department", "from_internal", "subject", "system", "tags"];

    /// <summary>The columns of a header row, or the reason the header is unusable.</summary>
    public static (CsvColumns? Columns, string? Error) FromHeader(IReadOnlyList<string> header)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim().ToLowerInvariant();
            if (name.Length == 0) continue;
            if (!index.TryAdd(name, i) && (Required.Contains(name) || Optional.Contains(name)))
                return (null, $"column '{name}' appears twice in the header");
        }
        var missing = Required.Where(r => !index.ContainsKey(r)).ToList();
        return missing.Count > 0
            ? (null, $"header lacks required column(s): {string.Join(", ", missing)}")
            : (new CsvColumns(header.Count, index), null);
    }

    /// <summary>The trimmed value of a column in a row, "" when the column is absent.</summary>
    public string Value(IReadOnlyList<string> fields, string column) =>
        Index.TryGetValue(column, out var i) ? fields[i].Trim() : "";

    /// <summary>The value exactly as written (for the message text, where whitespace is content).</summary>
    public string Raw(IReadOnlyList<string> fields, string column) =>
        Index.TryGetValue(column, out var i) ? fields[i] : "";
}
