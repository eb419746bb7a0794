using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;

namespace Ledger.Import.Interchange;

/// <summary>
/// A person as the API's import endpoint receives it: the identity and personal data the ledger keeps in its
/// erasable vault (never in events), and the business attributes that go into the participant's registration.
/// </summary>
public sealed record ImportedPerson(string? Email = null, string? Handle = null, string? Name = null, bool? Internal = null, string? Department = null);

/// <summary>
/// One message, hashed and classified, ready to become an interaction. It carries no text: the raw content stayed in
/// the process that read the export, and only its SHA-256 travels on.
/// </summary>
/// <param name="ContentHash">SHA-256 of the message's plain text (UTF-8), lower-case hex.</param>
public sealed record ImportedMessage(
    string System,
    string MessageId,
    string ThreadId,
    Channel Channel,
    ImportedPerson Sender,
    IReadOnlyList<ImportedPerson> Recipients,
    DateTimeOffset SentAt,
    string ContentHash,
    IReadOnlyList<string>? Tags,
    TransactionPayload Payload,
    Ledger.Domain.Interactions.Classification Classification);

/// <summary>
/// A batch for <c>POST /api/imports/messages</c>. <paramref name="InternalDomains"/> decide who is staff when the export
/// does not say (e-mail domain match); everyone else is registered as an external of <paramref name="ExternalRole"/>.
/// </summary>
public sealed record MessageBatch(
    IReadOnlyList<ImportedMessage> Messages,
    IReadOnlyList<string>? InternalDomains = null,
    Domain.Participants.ExternalRole? ExternalRole = null,
    Guid? InitiativeId = null);

/// <summary>What a message batch did: counts, and the messages skipped because the ledger already holds them differently.</summary>
public sealed record MessageBatchResult(
    int Received,
    int Recorded,
    int AlreadyRecorded,
    int ParticipantsRegistered,
    int ConversationsOpened,
    IReadOnlyList<SkippedMessage> Skipped);

public sealed record SkippedMessage(int Index, string MessageId, string Reason);

/// <summary>What an event-lines batch (<c>POST /api/imports/events</c>) did.</summary>
public sealed record EventLinesResult(int Received, long Imported, long AlreadyPresent, long FirstPosition, long LastPosition);
