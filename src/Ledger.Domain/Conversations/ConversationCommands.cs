namespace Ledger.Domain.Conversations;

/// <summary>Commands on a conversation stream (a <em>track</em>), including its interactions.</summary>
public abstract record ConversationCommand(Guid ConversationId);

/// <param name="ParticipantIds">Registered participants present from the start; at least one.</param>
/// <param name="InitiativeId">The initiative the conversation belongs to, if any.</param>
/// <param name="Tags">Topic tags: at most 20 of at most 50 characters, de-duplicated ignoring case.</param>
public sealed record OpenConversation(
    Guid ConversationId,
    Channel Channel,
    IReadOnlyList<Guid> ParticipantIds,
    Guid? InitiativeId,
    IReadOnlyList<string>? Tags,
    DateTimeOffset OpenedAt) : ConversationCommand(ConversationId);

public sealed record JoinConversation(Guid ConversationId, Guid ParticipantId, DateTimeOffset JoinedAt)
    : ConversationCommand(ConversationId);

public sealed record LeaveConversation(Guid ConversationId, Guid ParticipantId, DateTimeOffset LeftAt)
    : ConversationCommand(ConversationId);

public sealed record CloseConversation(Guid ConversationId, ConversationOutcome Outcome, DateTimeOffset ClosedAt)
    : ConversationCommand(ConversationId);

public sealed record ReopenConversation(Guid ConversationId, DateTimeOffset ReopenedAt)
    : ConversationCommand(ConversationId);
