using System.Security.Cryptography;
using System.Text;
using Ledger.Domain.Conversations;

namespace Ledger.Import.Sources.Mbox;

/// <summary>
/// One parsed e-mail to a <see cref="SourceRecord"/>: sender, recipients (To, Cc, Bcc; distinct; not the sender),
/// date, subject, thread and plain-text body. Reasons for a malformed message name the header, never a value.
/// </summary>
internal static class EmailMapper
{
    public static SourceRecord Map(ReadOnlyMemory<byte> bytes, SourceLocation location, EmailThreads threads)
    {
        var message = MimeEntity.Parse(bytes);

        var from = AddressList.Parse(message["From"]).FirstOrDefault();
        if (from is null) return new MalformedRecord(location, "no From header with an e-mail address");
        if (!EmailDate.TryParse(message["Date"], out var sentAt))
            return new MalformedRecord(location, message["Date"] is null ? "no Date header" : "Date header is not an RFC 5322 date");

        var messageId = MessageIds.Parse(message["Message-ID"]).FirstOrDefault() ?? SyntheticId(message);
        var threadId = threads.Assign(
            messageId,
            MessageIds.Parse(message["References"]),
            MessageIds.Parse(message["In-Reply-To"]).FirstOrDefault());

        var recipients = new[] { "To", "Cc", "Bcc" }
            .SelectMany(header => AddressList.Parse(message[header]))
            .Where(a => a.Address != from.Address)
            .DistinctBy(a => a.Address)
            .Select(a => new SourcePerson(a.Address, null, a.Name))
            .ToList();
        var subject = message["Subject"] is { } raw ? EncodedWords.Decode(raw).Trim() : null;

        return new MessageRecord(new SourceMessage(
            MboxMessageSource.SystemName,
            messageId,
            threadId,
            Channel.Email,
            new SourcePerson(from.Address, null, from.Name),
            recipients,
            sentAt,
            string.IsNullOrEmpty(subject) ? null : subject,
            BodyText.Extract(message),
            [],
            location));
    }

    /// <summary>
    /// For a message without Message-ID: <c>sha256:</c> and the lower-case hex SHA-256 of the UTF-8 of the unfolded,
    /// trimmed, undecoded From, Date and Subject header values joined by LF (an absent header is empty). The same
    /// message read again gets the same id; two messages alike in all three are taken as one.
    /// </summary>
    public static string SyntheticId(MimeEntity message)
    {
        var key = $"{message["From"]}\n{message["Date"]}\n{message["Subject"]}";
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
