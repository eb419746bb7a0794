using Ledger.Import.Sources;

namespace Ledger.Import.Tests.Sources;

/// <summary>Paths of the fixture exports (copied next to the test assembly) and small views over what a source yields.</summary>
internal static class SourceFixtures
{
    public static string PathOf(string relative) => Path.Combine(AppContext.BaseDirectory, "Fixtures", relative);

    public static List<SourceMessage> Messages(this IEnumerable<SourceRecord> records) =>
        [.. records.OfType<MessageRecord>().Select(r => r.Message)];

    public static List<MalformedRecord> Malformed(this IEnumerable<SourceRecord> records) => [.. records.OfType<MalformedRecord>()];

    public static SourceMessage ById(this IEnumerable<SourceRecord> records, string messageId) =>
        records.Messages().Single(m => m.MessageId == messageId);

    /// <summary>A record as one line with every field, to compare whole reads (lists inside records compare by reference).</summary>
    public static string Describe(SourceRecord record) => record switch
    {
        MessageRecord { Message: var m } =>
            $"{m.Location} {m.System} {m.MessageId} {m.ThreadId} {m.Channel} {Describe(m.Sender)} -> [{string.Join(", ", m.Recipients.Select(Describe))}] " +
            $"{m.SentAt:O} subject={m.Subject} tags=[{string.Join(",", m.Tags)}] text={m.Text}",
        MalformedRecord bad => $"{bad.Location} MALFORMED {bad.Reason}",
        _ => throw new ArgumentOutOfRangeException(nameof(record)),
    };

    public static string Describe(SourcePerson p) => $"{p.Email}|{p.Handle}|{p.Name}|{p.Internal}|{p.Department}";
}

/// <summary>
/// A stream whose content is produced on demand, chunk by chunk, and which counts what was read from it: a source that
/// streams reads a little of it for its first records; one that loads the export reads all of it.
/// </summary>
internal sealed class GeneratedStream(byte[] head, Func<long, byte[]> chunk, long chunks) : Stream
{
    private byte[] _current = head;
    private int _offset;
    private long _next;

    public long BytesRead { get; private set; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        while (_offset == _current.Length)
        {
            if (_next == chunks) return 0;
            _current = chunk(_next++);
            _offset = 0;
        }
        var n = Math.Min(count, _current.Length - _offset);
        Array.Copy(_current, _offset, buffer, offset, n);
        _offset += n;
        BytesRead += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
