using System.Text.Json;

namespace Ledger.Import.Sources.Slack;

/// <summary>One element of a top-level JSON array, with its position in the file (1-based line, 0-based index).</summary>
internal readonly record struct JsonArrayItem(int Index, long Line, JsonElement Element);

/// <summary>
/// A JSON file whose root is an array (every file of a Slack export), parsed whole (they are per-day or per-directory
/// files) with the line each element starts on, so that a bad element can be reported where it is. A parse error
/// gives the error's line and no elements; the reason never quotes the file's content.
/// </summary>
internal sealed class JsonArrayFile : IDisposable
{
    private readonly JsonDocument? _document;

    private JsonArrayFile(JsonDocument? document, IReadOnlyList<JsonArrayItem> items, long errorLine, string? error)
    {
        _document = document;
        Items = items;
        ErrorLine = errorLine;
        Error = error;
    }

    public IReadOnlyList<JsonArrayItem> Items { get; }

    public string? Error { get; }

    public long ErrorLine { get; }

    public static JsonArrayFile Parse(byte[] bytes)
    {
        var utf8 = bytes.AsMemory();
        if (utf8.Span.StartsWith("\uFEFF"u8)) utf8 = utf8[3..];

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            var errorLine = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            return new JsonArrayFile(null, [], errorLine, $"invalid JSON at line {errorLine}, byte {column}");
        }
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            document.Dispose();
            return new JsonArrayFile(null, [], 1, "the file is not a JSON array");
        }

        // The document has no positions, so a reader walks the same bytes to find where each element starts.
        var elements = document.RootElement.EnumerateArray().GetEnumerator();
        var items = new List<JsonArrayItem>();
        var reader = new Utf8JsonReader(utf8.Span);
        reader.Read();
        long line = 1;
        var counted = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray && elements.MoveNext())
        {
            var start = (int)reader.TokenStartIndex;
            line += utf8.Span[counted..start].Count((byte)'\n');
            counted = start;
            items.Add(new JsonArrayItem(items.Count, line, elements.Current));
            reader.Skip();
        }
        return new JsonArrayFile(document, items, 0, null);
    }

    public void Dispose() => _document?.Dispose();
}

internal static class JsonElementExtensions
{
    /// <summary>A string property, or a number's text (some exports write <c>ts</c> as a number); null otherwise.</summary>
    public static string? Text(this JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    public static bool Flag(this JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.True;

    public static JsonElement? Child(this JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : null;
}
