using Ledger.Import.Sources;
using Ledger.Import.Sources.Csv;
using Ledger.Import.Sources.Mbox;
using Ledger.Import.Sources.Slack;

namespace Ledger.Import;

/// <summary>The export formats the importer reads, told apart by name when the user does not say.</summary>
public static class ExportFormats
{
    public const string Csv = "csv";
    public const string JsonLines = "jsonl";
    public const string Slack = "slack";
    public const string Mbox = "mbox";

    public static IReadOnlyList<string> All { get; } = [Csv, JsonLines, Slack, Mbox];

    /// <summary>The format a path suggests: a folder or .zip is a Slack export; null when the name says nothing.</summary>
    public static string? Detect(string path)
    {
        if (Directory.Exists(path)) return Slack;
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => Csv,
            ".jsonl" or ".ndjson" => JsonLines,
            ".zip" => Slack,
            ".mbox" or ".mbx" => Mbox,
            _ => null,
        };
    }

    /// <summary>A message source over the export (not for JSON Lines, which holds events, not messages).</summary>
    public static IMessageSource Open(string path, string format) => format switch
    {
        Csv => new CsvMessageSource(path),
        Slack => new SlackExportSource(path),
        Mbox => new MboxMessageSource(path),
        _ => throw new ArgumentException($"'{format}' is not a message format.", nameof(format)),
    };
}
