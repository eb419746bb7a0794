using System.Text;

namespace Ledger.Import.Sources.Csv;

/// <summary>One CSV record: the line it starts on, its fields, and what was wrong with its syntax (null when nothing).</summary>
internal sealed record CsvRow(long Line, IReadOnlyList<string> Fields, string? Error)
{
    public bool IsBlank => Fields.Count == 1 && Fields[0].Length == 0 && Error is null;
}

/// <summary>
/// An RFC 4180 reader over a <see cref="TextReader"/>: comma-separated, fields optionally in double quotes (a quote is
/// doubled inside them), quoted fields may span lines; CRLF, LF and lone CR all end a line. It reads one record at a
/// time. A syntax error does not stop it: the record is returned with an <see cref="CsvRow.Error"/> and reading goes
/// on at the next record. A record longer than <c>maxRecordChars</c> (e.g. an unterminated quote swallowing the rest of
/// the file) is consumed without being kept, so memory stays bounded.
/// </summary>
internal sealed class Rfc4180Reader(TextReader reader, int maxRecordChars)
{
    private readonly char[] _buffer = new char[16 * 1024];
    private int _position;
    private int _length;
    private long _line = 1;
    private readonly StringBuilder _field = new();

    public CsvRow? Read()
    {
        if (Peek() < 0) return null;
        var start = _line;
        var fields = new List<string>();
        string? error = null;
        var total = 0;
        while (true)
        {
            _field.Clear();
            bool endOfRecord;
            if (Peek() == '"')
            {
                Next();
                endOfRecord = ReadQuoted(ref error, ref total);
            }
            else
            {
                endOfRecord = ReadUnquoted(ref error, ref total);
            }
            fields.Add(total > maxRecordChars ? "" : _field.ToString());
            if (endOfRecord) break;
        }
        if (total > maxRecordChars) error = $"record longer than {maxRecordChars} characters (unterminated quote?)";
        return new CsvRow(start, fields, error);
    }

    /// <summary>Reads up to and including the delimiter; true when the record ended.</summary>
    private bool ReadUnquoted(ref string? error, ref int total)
    {
        while (true)
        {
            var c = Peek();
            switch (c)
            {
                case < 0:
                    return true;
                case ',':
                    Next();
                    return false;
                case '\r' or '\n':
                    ConsumeLineEnd();
                    return true;
                case '"':
                    error ??= "quote inside an unquoted field";
                    break;
            }
            Append((char)Next(), ref total);
        }
    }

    private bool ReadQuoted(ref string? error, ref int total)
    {
        while (true)
        {
            var c = Next();
            if (c < 0)
            {
                error ??= "unterminated quoted field";
                return true;
            }
            if (c == '"')
            {
                if (Peek() == '"')
                {
                    Next();
                    Append('"', ref total);
                    continue;
                }
                break;
            }
            Append((char)c, ref total);
        }
        var after = Peek();
        if (after is < 0 or '\r' or '\n' or ',') return ReadUnquoted(ref error, ref total);
        error ??= "characters after a closing quote";
        return ReadUnquoted(ref error, ref total);
    }

    private void Append(char c, ref int total)
    {
        total++;
        if (total <= maxRecordChars) _field.Append(c);
    }

    private void ConsumeLineEnd()
    {
        if (Next() == '\r' && Peek() == '\n') Next();
    }

    private int Peek()
    {
        if (_position == _length)
        {
            _length = reader.Read(_buffer, 0, _buffer.Length);
            _position = 0;
            if (_length == 0) return -1;
        }
        return _buffer[_position];
    }

    /// <summary>Takes one character and counts lines: LF, and a CR not followed by LF, end a line.</summary>
    private int Next()
    {
        var c = Peek();
        if (c < 0) return c;
        _position++;
        if (c == '\n' || (c == '\r' && Peek() != '\n')) _line++;
        return c;
    }
}
