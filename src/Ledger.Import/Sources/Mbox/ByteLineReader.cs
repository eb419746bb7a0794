namespace Ledger.Import.Sources.Mbox;

/// <summary>
/// Reads a stream line by line as bytes (an mbox mixes charsets, so lines are split before any decoding). LF ends a
/// line; a CR before it is dropped. A line longer than <c>maxLineBytes</c> is cut there and flagged, so that one
/// pathological line cannot take the memory.
/// </summary>
internal sealed class ByteLineReader(Stream stream, int maxLineBytes)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private byte[] _line = new byte[1024];

    /// <summary>The next line (valid until the next call); false at the end of the stream.</summary>
    public bool TryRead(out ArraySegment<byte> line, out bool truncated)
    {
        var length = 0;
        var any = false;
        truncated = false;
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = stream.Read(_buffer, 0, _buffer.Length);
                if (_end == 0)
                {
                    if (!any)
                    {
                        line = default;
                        return false;
                    }
                    break;
                }
            }
            any = true;
            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            var take = newline < 0 ? available : available[..newline];
            var keep = Math.Min(take.Length, maxLineBytes - length);
            if (keep < take.Length) truncated = true;
            if (keep > 0)
            {
                if (length + keep > _line.Length) Array.Resize(ref _line, Math.Max(_line.Length * 2, length + keep));
                take[..keep].CopyTo(_line.AsSpan(length));
                length += keep;
            }
            _start += take.Length;
            if (newline >= 0)
            {
                _start++;
                break;
            }
        }
        if (length > 0 && _line[length - 1] == '\r') length--;
        line = new ArraySegment<byte>(_line, 0, length);
        return true;
    }
}
