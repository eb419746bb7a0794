using System.Collections.Immutable;
using Ledger.Domain.Interactions;

namespace Ledger.Domain.Conversations;

public abstract record ConversationState
{
    private ConversationState()
    {
    }

    public sealed record Initial : ConversationState;

    /// <summary>A conversation that was opened at some point, whatever its status now.</summary>
    public abstract record Started : ConversationState
    {
        private protected Started(ConversationTrack track) => Track = track;

        public ConversationTrack Track { get; init; }
    }

    public sealed record Open(ConversationTrack Track) : Started(Track);

    public sealed record Closed(ConversationTrack Track, ConversationOutcome Outcome) : Started(Track);
}

/// <summary>
/// What the decider needs to know about an opened conversation: who is in it now, who ever was, and
/// every interaction recorded in it (voided ones included, so that a repeated void is recognised).
/// </summary>
public sealed record ConversationTrack(
    ConversationOpened Opened,
    ImmutableHashSet<Guid> Members,
    ImmutableHashSet<Guid> FormerMembers,
    ImmutableDictionary<Guid, RecordedInteraction> Interactions)
{
    public Guid ConversationId => Opened.ConversationId;

    public static ConversationTrack From(ConversationOpened opened) =>
        new(opened, [.. opened.ParticipantIds], [], ImmutableDictionary<Guid, RecordedInteraction>.Empty);

    public bool IsMember(Guid participantId) => Members.Contains(participantId);

    /// <summary>Folds membership and interaction events; lifecycle events are the state's business.</summary>
    public ConversationTrack Apply(ConversationEvent @event) => @event switch
    {
        ParticipantJoined e => this with { Members = Members.Add(e.ParticipantId) },
        ParticipantLeft e => this with
        {
            Members = Members.Remove(e.ParticipantId),
            FormerMembers = FormerMembers.Add(e.ParticipantId),
        },
        InteractionRecorded e => this with
        {
            Interactions = Interactions.SetItem(e.InteractionId, new RecordedInteraction(e, e.Payload, e.Classification, false)),
        },
        InteractionReclassified e when Interactions.TryGetValue(e.InteractionId, out var i) => this with
        {
            Interactions = Interactions.SetItem(e.InteractionId, i with { Payload = e.Payload, Classification = e.Classification }),
        },
        InteractionVoided e when Interactions.TryGetValue(e.InteractionId, out var i) => this with
        {
            Interactions = Interactions.SetItem(e.InteractionId, i with { Voided = true }),
        },
        _ => this,
    };
}

/// <summary>An interaction as first recorded, with its current (possibly corrected) classification.</summary>
public sealed record RecordedInteraction(
    InteractionRecorded Recorded,
    TransactionPayload Payload,
    Classification Classification,
    bool Voided);
