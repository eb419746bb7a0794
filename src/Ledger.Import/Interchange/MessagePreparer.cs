using System.Security.Cryptography;
using System.Text;
using Ledger.Import.Classification;
using Ledger.Import.Sources;

namespace Ledger.Import.Interchange;

/// <summary>
/// The one place where a message's words are used and dropped: they are hashed (the evidence the ledger keeps) and
/// classified, and what leaves here carries neither text nor subject.
/// </summary>
public static class MessagePreparer
{
    public static ImportedMessage Prepare(SourceMessage message, Func<ClassificationRequest, ClassificationOutcome> classify)
    {
        var outcome = classify(new ClassificationRequest(message.Text, message.Channel, message.Subject));
        return new ImportedMessage(
            message.System, message.MessageId, message.ThreadId, message.Channel,
            Person(message.Sender), [.. message.Recipients.Select(Person)], message.SentAt,
            ContentHash(message.Text), message.Tags, outcome.Payload, outcome.Classification);
    }

    /// <summary>SHA-256 of the plain text as UTF-8, lower-case hex: what a holder of the original can recompute.</summary>
    public static string ContentHash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static ImportedPerson Person(SourcePerson person) =>
        new(person.Email?.Trim().ToLowerInvariant(), person.Handle, person.Name, person.Internal, person.Department);
}
