using Ledger.Domain.Conversations;

namespace Ledger.Import.Sources;

/// <summary>Where a record sits in an export, for error messages: the file (relative to the export) and its line.</summary>
public readonly record struct SourceLocation(string File, long Line)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>
/// A person as an export names them. Identity (for deduplication) is the e-mail when known, else the handle within its
/// system. Everything here is personal data: it goes to the erasable vault, never into events.
/// </summary>
/// <param name="Internal">True for staff, false for outsiders, null when the export does not say.</param>
public sealed record SourcePerson(string? Email, string? Handle, string? Name, bool? Internal = null, string? Department = null)
{
    /// <summary>The deduplication key: lower-cased e-mail, else <c>handle:{system}:{handle}</c>.</summary>
    public string IdentityKey(string system) =>
        Email is { Length: > 0 } email ? email.Trim().ToLowerInvariant() : $"handle:{system}:{Handle}";
}

/// <summary>
/// One message read from an export. <see cref="Text"/> is the raw content: it lives in memory only, long enough to be
/// hashed and classified, and must never be written to the database, a log or a file.
/// </summary>
/// <param name="System">The source system (<c>csv</c>, <c>slack</c>, <c>mbox</c>, or what a CSV row names).</param>
/// <param name="MessageId">The source's own id for the message, unique within the system.</param>
/// <param name="ThreadId">Messages of one thread (one future conversation) share it.</param>
/// <param name="Tags">Non-personal labels for the conversation, e.g. <c>slack:#sales</c>.</param>
public sealed record SourceMessage(
    string System,
    string MessageId,
    string ThreadId,
    Channel Channel,
    SourcePerson Sender,
    IReadOnlyList<SourcePerson> Recipients,
    DateTimeOffset SentAt,
    string? Subject,
    string Text,
    IReadOnlyList<string> Tags,
    SourceLocation Location);

/// <summary>What a source yields: a message, or a record it could not read (reported, then skipped or fatal).</summary>
public abstract record SourceRecord(SourceLocation Location);

public sealed record MessageRecord(SourceMessage Message) : SourceRecord(Message.Location);

/// <summary>A record that could not be read as a whole; <see cref="Reason"/> is one line, with no message text in it.</summary>
public sealed record MalformedRecord(SourceLocation Location, string Reason) : SourceRecord(Location);

/// <summary>A conversation export in one format. Reading streams: a large export is never held in memory whole.</summary>
public interface IMessageSource
{
    IEnumerable<SourceRecord> Read(CancellationToken cancellationToken = default);
}
