using System.Text;

namespace Ledger.Import.Sources.Csv;

/// <summary>
/// Messages from a CSV export (columns in <c>Sources/FORMATS.md</c>). Reads one record at a time; a bad row becomes a
/// <see cref="MalformedRecord"/> and reading goes on; a header without the required columns is a malformed record at its
/// line and ends the read.
/// </summary>
public sealed class CsvMessageSource : IMessageSource
{
    /// <summary>A longer record is reported as malformed and skipped without being held in memory.</summary>
    public const int MaxRecordChars = 4 * 1024 * 1024;

    private readonly SourceFile _file;

    /// <summary>The record size limit (tests lower it).</summary>
    internal int RecordLimit { get; init; } = MaxRecordChars;

    /// <summary>Reads from <paramref name="stream"/>'s current position; the caller keeps ownership and enumerates once.</summary>
    public CsvMessageSource(Stream stream, string fileName) => _file = SourceFile.Of(stream, fileName);

    public CsvMessageSource(string path, string? fileName = null) => _file = SourceFile.At(path, fileName);

    public IEnumerable<SourceRecord> Read(CancellationToken cancellationToken = default)
    {
        var stream = _file.Open();
        try
        {
            using var text = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, 64 * 1024, leaveOpen: true);
            var reader = new Rfc4180Reader(text, RecordLimit);

            var header = reader.Read();
            while (header is { IsBlank: true }) header = reader.Read();
            if (header is null)
            {
                yield return new MalformedRecord(new SourceLocation(_file.Name, 1), "empty file: a header row is required");
                yield break;
            }
            var (columns, headerError) = header.Error is null ? CsvColumns.FromHeader(header.Fields) : (null, header.Error);
            if (columns is null)
            {
                yield return new MalformedRecord(new SourceLocation(_file.Name, header.Line), $"header: {headerError}");
                yield break;
            }

            while (reader.Read() is { } row)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (row.IsBlank) continue;
                var location = new SourceLocation(_file.Name, row.Line);
                yield return row.Error is not null
                    ? new MalformedRecord(location, row.Error)
                    : CsvRowMapper.Map(columns, row.Fields, location);
            }
        }
        finally
        {
            _file.Done(stream);
        }
    }
}
