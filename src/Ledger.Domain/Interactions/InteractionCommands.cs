using Ledger.Domain.Conversations;

namespace Ledger.Domain.Interactions;

/// <summary>
/// One interaction to record: a sender, one or more receivers (all current members of the conversation,
/// the sender excluded), when it happened, the SHA-256 of its content (never the content), where it was
/// captured, and how it is classified.
/// </summary>
public sealed record NewInteraction(
    Guid InteractionId,
    Guid SenderId,
    IReadOnlyList<Guid> ReceiverIds,
    DateTimeOffset OccurredAt,
    string ContentHash,
    SourceRef Source,
    TransactionPayload Payload,
    Classification Classification);

/// <summary>
/// Records up to <see cref="InteractionDecider.MaxBatchSize"/> interactions atomically: one
/// <see cref="InteractionRecorded"/> per interaction, or an exception and no event at all.
/// </summary>
public sealed record RecordInteractions(Guid ConversationId, IReadOnlyList<NewInteraction> Interactions)
    : ConversationCommand(ConversationId);

/// <summary>Records a single interaction; the same rules as a batch of one.</summary>
public sealed record RecordInteraction(Guid ConversationId, NewInteraction Interaction)
    : ConversationCommand(ConversationId);

/// <summary>Corrects the kind and payload of a recorded interaction; the original event stays in the log.</summary>
public sealed record ReclassifyInteraction(
    Guid ConversationId,
    Guid InteractionId,
    TransactionPayload Payload,
    Classification Classification,
    string Reason,
    Guid ReclassifiedBy,
    DateTimeOffset ReclassifiedAt) : ConversationCommand(ConversationId);

/// <summary>Removes an interaction from the corrected view; the original event stays in the log.</summary>
public sealed record VoidInteraction(
    Guid ConversationId,
    Guid InteractionId,
    string Reason,
    Guid VoidedBy,
    DateTimeOffset VoidedAt) : ConversationCommand(ConversationId);
