using Ledger.Domain.Common;
using Ledger.Domain.Interactions;

namespace Ledger.Domain.Conversations;

/// <summary>
/// Decider for a conversation track and the interactions recorded in it. Facts held by other streams
/// (registered participants, initiatives, informational interactions of other conversations) are answered by
/// the <see cref="ReferenceExists"/> the caller resolves from read models before deciding.
/// </summary>
public static class ConversationDecider
{
    public const int MaxParticipants = 1_000;
    public const int MaxTags = 20;
    public const int MaxTagLength = 50;

    public static ConversationState Initial { get; } = new ConversationState.Initial();

    public static IReadOnlyList<ConversationEvent> Decide(ConversationCommand command, ConversationState state, ReferenceExists exists) =>
        command switch
        {
            OpenConversation c => Open(c, state, exists),
            JoinConversation c => Join(c, state, exists),
            LeaveConversation c => Leave(c, state),
            CloseConversation c => Close(c, state),
            ReopenConversation c => Reopen(c, state),
            RecordInteractions c => InteractionDecider.Record(c.ConversationId, c.Interactions, "interactions[{0}].", state, exists),
            RecordInteraction c => InteractionDecider.Record(c.ConversationId, [c.Interaction], "interaction.", state, exists),
            ReclassifyInteraction c => InteractionDecider.Reclassify(c, state, exists),
            VoidInteraction c => InteractionDecider.Void(c, state, exists),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown command."),
        };

    public static ConversationState Evolve(ConversationState state, ConversationEvent @event) =>
        (state, @event) switch
        {
            (ConversationState.Initial, ConversationOpened e) => new ConversationState.Open(ConversationTrack.From(e)),
            (ConversationState.Open s, ConversationClosed e) => new ConversationState.Closed(s.Track, e.Outcome),
            (ConversationState.Closed s, ConversationReopened) => new ConversationState.Open(s.Track),
            (ConversationState.Started s, _) => s with { Track = s.Track.Apply(@event) },
            _ => state,
        };

    internal static DomainException NotFound(Guid conversationId) =>
        DomainException.NotFound("conversation_not_found", $"Conversation {conversationId} does not exist.");

    internal static void RequireParticipant(Guid participantId, ReferenceExists exists)
    {
        if (!exists(new EntityRef(EntityKind.Participant, participantId)))
            throw DomainException.NotFound("unknown_participant", $"Participant {participantId} is not registered.");
    }

    private static ConversationEvent[] Open(OpenConversation c, ConversationState state, ReferenceExists exists)
    {
        var checks = new Checks();
        checks.Id("conversationId", c.ConversationId);
        checks.Defined("channel", c.Channel);
        var participants = (c.ParticipantIds ?? []).Distinct().ToArray();
        checks.That(participants.Length > 0, "participantIds", "required", "At least one participant is required.");
        checks.That(participants.Length <= MaxParticipants, "participantIds", "too_many", $"At most {MaxParticipants} participants.");
        checks.That(!participants.Contains(Guid.Empty), "participantIds", "empty_id", "Participant ids must be non-empty.");
        checks.That(c.InitiativeId != Guid.Empty, "initiativeId", "empty_id", "Must be a non-empty id when present.");
        var tags = Tags(checks, c.Tags ?? []);
        checks.ThrowIfAny("The conversation is invalid.");

        var opened = new ConversationOpened(c.ConversationId, c.Channel, participants, c.InitiativeId, tags, c.OpenedAt);
        if (state is ConversationState.Started { Track.Opened: var earlier })
        {
            if (earlier.Channel == opened.Channel && earlier.InitiativeId == opened.InitiativeId
                && earlier.ParticipantIds.SequenceEqual(opened.ParticipantIds) && earlier.Tags.SequenceEqual(opened.Tags))
                return [];
            throw DomainException.Conflict("conversation_already_opened", $"Conversation {c.ConversationId} was already opened differently.");
        }

        foreach (var participant in participants)
            RequireParticipant(participant, exists);
        if (c.InitiativeId is { } initiative && !exists(new EntityRef(EntityKind.Initiative, initiative)))
            throw DomainException.NotFound("unknown_initiative", $"Initiative {initiative} does not exist.");
        return [opened];
    }

    private static string[] Tags(Checks checks, IReadOnlyList<string> tags)
    {
        var result = new List<string>();
        for (var i = 0; i < tags.Count; i++)
        {
            if (checks.Text($"tags[{i}]", tags[i], MaxTagLength) is { } tag && !result.Contains(tag, StringComparer.OrdinalIgnoreCase))
                result.Add(tag);
        }

        checks.That(result.Count <= MaxTags, "tags", "too_many", $"At most {MaxTags} tags.");
        return [.. result];
    }

    private static ConversationEvent[] Join(JoinConversation c, ConversationState state, ReferenceExists exists)
    {
        var track = Require(c.ConversationId, c.ParticipantId, state);
        if (track.IsMember(c.ParticipantId))
            return [];
        if (state is ConversationState.Closed)
            throw DomainException.Conflict("conversation_closed", $"Conversation {c.ConversationId} is closed.");
        RequireParticipant(c.ParticipantId, exists);
        return [new ParticipantJoined(c.ConversationId, c.ParticipantId, c.JoinedAt)];
    }

    private static ConversationEvent[] Leave(LeaveConversation c, ConversationState state)
    {
        var track = Require(c.ConversationId, c.ParticipantId, state);
        if (!track.IsMember(c.ParticipantId))
        {
            return track.FormerMembers.Contains(c.ParticipantId)
                ? []
                : throw DomainException.Conflict("not_a_participant", $"Participant {c.ParticipantId} is not in the conversation.");
        }

        if (state is ConversationState.Closed)
            throw DomainException.Conflict("conversation_closed", $"Conversation {c.ConversationId} is closed.");
        return [new ParticipantLeft(c.ConversationId, c.ParticipantId, c.LeftAt)];
    }

    private static ConversationEvent[] Close(CloseConversation c, ConversationState state)
    {
        if (!Enum.IsDefined(c.Outcome))
            throw DomainException.Invalid("invalid_value", "outcome", $"'{c.Outcome}' is not a valid outcome.");
        return state switch
        {
            ConversationState.Open => [new ConversationClosed(c.ConversationId, c.Outcome, c.ClosedAt)],
            ConversationState.Closed s when s.Outcome == c.Outcome => [],
            ConversationState.Closed => throw DomainException.Conflict("conversation_closed", $"Conversation {c.ConversationId} is already closed with another outcome."),
            _ => throw NotFound(c.ConversationId),
        };
    }

    private static ConversationEvent[] Reopen(ReopenConversation c, ConversationState state) => state switch
    {
        ConversationState.Closed => [new ConversationReopened(c.ConversationId, c.ReopenedAt)],
        ConversationState.Open => [],
        _ => throw NotFound(c.ConversationId),
    };

    private static ConversationTrack Require(Guid conversationId, Guid participantId, ConversationState state)
    {
        if (participantId == Guid.Empty)
            throw DomainException.Invalid("empty_id", "participantId", "Must be a non-empty id.");
        return state is ConversationState.Started s ? s.Track : throw NotFound(conversationId);
    }
}
