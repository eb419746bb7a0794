using System.Text;

namespace Ledger.Import.Sources.Mbox;

/// <summary>
/// Splits a multipart body at its boundary lines (RFC 2046 §5.1.1): <c>--boundary</c> opens a part, <c>--boundary--</c>
/// ends the last one; the line break before a boundary line belongs to the boundary; preamble and epilogue are
/// dropped; trailing whitespace on a boundary line is allowed. A body whose closing line is missing ends at its end.
/// </summary>
internal static class Multipart
{
    public static List<ReadOnlyMemory<byte>> Split(ReadOnlyMemory<byte> body, string boundary)
    {
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var parts = new List<ReadOnlyMemory<byte>>();
        var span = body.Span;
        var position = 0;
        var partStart = -1;
        while (position < span.Length)
        {
            var end = span[position..].IndexOf((byte)'\n');
            var lineEnd = end < 0 ? span.Length : position + end;
            var line = span[position..lineEnd];
            var lineStart = position;
            position = end < 0 ? span.Length : lineEnd + 1;

            if (!line.StartsWith(delimiter)) continue;
            var rest = line[delimiter.Length..];
            var closing = rest.StartsWith("--"u8);
            if (closing) rest = rest[2..];
            if (rest.TrimEnd(" \t\r"u8).Length != 0) continue; // a longer boundary that only starts like this one

            if (partStart >= 0) parts.Add(body[partStart..Math.Max(partStart, lineStart - 1)]);
            partStart = closing ? -1 : position;
            if (closing) return parts;
        }
        if (partStart >= 0 && partStart < span.Length) parts.Add(body[partStart..]);
        return parts;
    }
}
