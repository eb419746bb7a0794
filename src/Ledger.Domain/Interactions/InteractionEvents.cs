using Ledger.Domain.Conversations;

namespace Ledger.Domain.Interactions;

/// <summary>An event about one interaction of a conversation.</summary>
public abstract record InteractionEvent(Guid ConversationId, Guid InteractionId) : ConversationEvent(ConversationId);

public sealed record InteractionRecorded(
    Guid ConversationId,
    Guid InteractionId,
    Guid SenderId,
    IReadOnlyList<Guid> ReceiverIds,
    DateTimeOffset OccurredAt,
    string ContentHash,
    SourceRef Source,
    TransactionPayload Payload,
    Classification Classification) : InteractionEvent(ConversationId, InteractionId);

public sealed record InteractionReclassified(
    Guid ConversationId,
    Guid InteractionId,
    TransactionPayload Payload,
    Classification Classification,
    string Reason,
    Guid ReclassifiedBy,
    DateTimeOffset ReclassifiedAt) : InteractionEvent(ConversationId, InteractionId);

public sealed record InteractionVoided(
    Guid ConversationId,
    Guid InteractionId,
    string Reason,
    Guid VoidedBy,
    DateTimeOffset VoidedAt) : InteractionEvent(ConversationId, InteractionId);
