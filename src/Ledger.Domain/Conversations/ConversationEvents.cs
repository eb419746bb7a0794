namespace Ledger.Domain.Conversations;

public abstract record ConversationEvent(Guid ConversationId);

public sealed record ConversationOpened(
    Guid ConversationId,
    Channel Channel,
    IReadOnlyList<Guid> ParticipantIds,
    Guid? InitiativeId,
    IReadOnlyList<string> Tags,
    DateTimeOffset OpenedAt) : ConversationEvent(ConversationId);

public sealed record ParticipantJoined(Guid ConversationId, Guid ParticipantId, DateTimeOffset JoinedAt)
    : ConversationEvent(ConversationId);

public sealed record ParticipantLeft(Guid ConversationId, Guid ParticipantId, DateTimeOffset LeftAt)
    : ConversationEvent(ConversationId);

public sealed record ConversationClosed(Guid ConversationId, ConversationOutcome Outcome, DateTimeOffset ClosedAt)
    : ConversationEvent(ConversationId);

public sealed record ConversationReopened(Guid ConversationId, DateTimeOffset ReopenedAt)
    : ConversationEvent(ConversationId);
