namespace Ledger.Import.Sources.Mbox;

/// <summary>
/// E-mails from an mbox file (mboxrd or mboxo; see <c>Sources/FORMATS.md</c>), read one message at a time. A message
/// that cannot be read (no sender, no parsable date, too large) is a <see cref="MalformedRecord"/> at the line of its
/// <c>From </c> separator, and reading goes on. The thread ids remembered across messages are the only state kept.
/// </summary>
public sealed class MboxMessageSource : IMessageSource
{
    public const string SystemName = "mbox";

    /// <summary>A larger message (attachments included) is reported as malformed and skipped without being held.</summary>
    public const int MaxMessageBytes = 64 * 1024 * 1024;

    private readonly SourceFile _file;

    /// <summary>The message size limit (tests lower it).</summary>
    internal int MessageLimit { get; init; } = MaxMessageBytes;

    /// <summary>Reads from <paramref name="stream"/>'s current position; the caller keeps ownership and enumerates once.</summary>
    public MboxMessageSource(Stream stream, string fileName) => _file = SourceFile.Of(stream, fileName);

    public MboxMessageSource(string path, string? fileName = null) => _file = SourceFile.At(path, fileName);

    public IEnumerable<SourceRecord> Read(CancellationToken cancellationToken = default)
    {
        var stream = _file.Open();
        try
        {
            var threads = new EmailThreads();
            foreach (var raw in new MboxSplitter(stream, MessageLimit).Messages())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var location = new SourceLocation(_file.Name, raw.Line);
                yield return raw.Error is not null ? new MalformedRecord(location, raw.Error) : EmailMapper.Map(raw.Bytes, location, threads);
            }
        }
        finally
        {
            _file.Done(stream);
        }
    }
}
