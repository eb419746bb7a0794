using System.Text;
using System.Text.RegularExpressions;

namespace Ledger.Import.Sources.Mbox;

/// <summary>One message cut out of an mbox: the line of its <c>From </c> separator and its bytes (LF line ends), or why not.</summary>
internal sealed record RawMessage(long Line, ReadOnlyMemory<byte> Bytes, string? Error);

/// <summary>
/// Cuts an mbox into messages, one at a time. A separator is a line starting with <c>From </c> at the start of the
/// file, after a blank line, or shaped like <c>From sender Www Mmm dd hh:mm:ss yyyy</c>; the blank line before a
/// separator belongs to the mbox, not to the message. Quoted lines are unquoted the mboxrd way (<c>&gt;From </c> →
/// <c>From </c>, <c>&gt;&gt;From </c> → <c>&gt;From </c>), which also reads mboxo files (where only the first form occurs).
/// Line ends become LF. A message larger than the limit is reported and skipped without being held.
/// </summary>
internal sealed partial class MboxSplitter(Stream stream, int maxMessageBytes)
{
    public IEnumerable<RawMessage> Messages()
    {
        var lines = new ByteLineReader(stream, maxMessageBytes);
        MemoryStream? current = null;
        long start = 0;
        long number = 0;
        long preamble = 0;
        var tooLarge = false;
        var previousBlank = true;
        var pendingBlank = false;
        while (lines.TryRead(out var segment, out var truncated))
        {
            number++;
            var line = segment.AsMemory();
            if (IsSeparator(line.Span, previousBlank))
            {
                if (preamble > 0) yield return new RawMessage(preamble, default, "text before the first 'From ' separator line");
                preamble = 0;
                if (current is not null) yield return Finish(current, start, tooLarge);
                current = new MemoryStream();
                start = number;
                tooLarge = false;
                pendingBlank = false;
                previousBlank = false;
                continue;
            }
            var blank = line.IsEmpty;
            previousBlank = blank;
            if (current is null)
            {
                if (!blank && preamble == 0) preamble = number;
                continue;
            }
            if (pendingBlank) Write(current, ReadOnlySpan<byte>.Empty, ref tooLarge);
            pendingBlank = blank;
            if (blank) continue;
            if (truncated) tooLarge = true;
            Write(current, IsQuotedFrom(line.Span) ? line.Span[1..] : line.Span, ref tooLarge);
        }
        if (preamble > 0) yield return new RawMessage(preamble, default, "text before the first 'From ' separator line");
        if (current is not null) yield return Finish(current, start, tooLarge);
    }

    private void Write(MemoryStream message, ReadOnlySpan<byte> line, ref bool tooLarge)
    {
        if (tooLarge) return;
        if (message.Length + line.Length + 1 > maxMessageBytes)
        {
            tooLarge = true;
            message.SetLength(0);
            message.Capacity = 0;
            return;
        }
        message.Write(line);
        message.WriteByte((byte)'\n');
    }

    private RawMessage Finish(MemoryStream message, long line, bool tooLarge) =>
        tooLarge
            ? new RawMessage(line, default, $"message larger than {maxMessageBytes} bytes")
            : new RawMessage(line, message.GetBuffer().AsMemory(0, (int)message.Length), null);

    private static bool IsSeparator(ReadOnlySpan<byte> line, bool previousBlank) =>
        line.StartsWith("From "u8) && (previousBlank || FromLine().IsMatch(Encoding.Latin1.GetString(line)));

    private static bool IsQuotedFrom(ReadOnlySpan<byte> line)
    {
        var quotes = 0;
        while (quotes < line.Length && line[quotes] == '>') quotes++;
        return quotes > 0 && line[quotes..].StartsWith("From "u8);
    }

    [GeneratedRegex(@"^From \S+ +(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} \d{1,2}:\d{2}", RegexOptions.CultureInvariant)]
    private static partial Regex FromLine();
}
