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
/// What the decider needs to know about an opened conversation: who is in it now, who ever was, and for each
/// interaction recorded in it (voided ones included, so that a repeated void is recognised) a compact
/// <see cref="InteractionEntry"/>, never the recorded event itself.
/// <para>
/// A track folded from the whole stream is <see cref="Complete"/>. A <see cref="Trimmed"/> one (what a cache keeps of
/// a long conversation) knows only the interactions folded or <see cref="Learn">learned</see> since; before deciding a
/// command on it, the caller learns the interactions the command names (<see cref="TrimmedTracks.Unknown"/>) from the
/// stream's events about them up to the same version, so that the decision is the one the complete track would give.
/// </para>
/// </summary>
public sealed record ConversationTrack(
    ConversationOpened Opened,
    ImmutableHashSet<Guid> Members,
    ImmutableHashSet<Guid> FormerMembers,
    ImmutableDictionary<Guid, InteractionEntry> Interactions)
{
    public Guid ConversationId => Opened.ConversationId;

    /// <summary>True when <see cref="Interactions"/> holds every interaction of the stream.</summary>
    public bool Complete { get; init; } = true;

    /// <summary>Of an incomplete track: ids learned not to be in the conversation.</summary>
    public ImmutableHashSet<Guid> Absent { get; init; } = [];

    public static ConversationTrack From(ConversationOpened opened) =>
        new(opened, [.. opened.ParticipantIds], [], ImmutableDictionary<Guid, InteractionEntry>.Empty);

    public bool IsMember(Guid participantId) => Members.Contains(participantId);

    /// <summary>
    /// The interaction's entry, or false when it is not in the conversation. An incomplete track that was not told
    /// about the id throws: deciding on a guess would not be as strict as deciding on the whole stream.
    /// </summary>
    public bool TryFind(Guid interactionId, out InteractionEntry entry)
    {
        if (Interactions.TryGetValue(interactionId, out entry)) return true;
        if (Complete || Absent.Contains(interactionId)) return false;
        throw new InvalidOperationException(
            $"Interaction {interactionId} of conversation {ConversationId} was not learned before deciding on a trimmed track.");
    }

    /// <summary>The same track without its interactions: small, and incomplete until told what a command needs.</summary>
    public ConversationTrack Trimmed() =>
        this with { Interactions = ImmutableDictionary<Guid, InteractionEntry>.Empty, Absent = [], Complete = false };

    /// <summary>Of <paramref name="ids"/>, those this track cannot answer for.</summary>
    public IReadOnlyCollection<Guid> Unknown(IEnumerable<Guid> ids) =>
        Complete ? [] : [.. ids.Where(id => !Interactions.ContainsKey(id) && !Absent.Contains(id)).Distinct()];

    /// <summary>
    /// Folds the stream's events about <paramref name="ids"/> (in stream order, up to this track's version) into an
    /// incomplete track; the ids without an <see cref="InteractionRecorded"/> are absent.
    /// </summary>
    public ConversationTrack Learn(IReadOnlyCollection<Guid> ids, IEnumerable<InteractionEvent> events)
    {
        if (Complete || ids.Count == 0) return this;
        var asked = ids.ToHashSet();
        var learned = new Dictionary<Guid, InteractionEntry>();
        foreach (var e in events)
        {
            if (!asked.Contains(e.InteractionId) || Interactions.ContainsKey(e.InteractionId)) continue;
            if (e is InteractionRecorded recorded) learned[e.InteractionId] = InteractionEntry.Of(recorded);
            else if (learned.TryGetValue(e.InteractionId, out var entry)) learned[e.InteractionId] = entry.Apply(e);
        }

        return this with
        {
            Interactions = Interactions.SetItems(learned),
            Absent = Absent.Union(asked.Where(id => !learned.ContainsKey(id) && !Interactions.ContainsKey(id))),
        };
    }

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
            Interactions = Interactions.SetItem(e.InteractionId, InteractionEntry.Of(e)),
            Absent = Absent.Remove(e.InteractionId),
        },
        // On an incomplete track a correction of an interaction it does not hold is skipped: learning that
        // interaction later folds its corrections from the stream.
        InteractionEvent e when Interactions.TryGetValue(e.InteractionId, out var entry) => this with
        {
            Interactions = Interactions.SetItem(e.InteractionId, entry.Apply(e)),
        },
        _ => this,
    };
}

/// <summary>
/// What decisions need of one recorded interaction (about 140 bytes with its dictionary node, where the event took
/// ~840): the fingerprint of the event as recorded (re-recording identical content is a no-op, anything else a
/// conflict), the fingerprint of its current payload and classification (reclassifying to the same is a no-op), its
/// current kind (what "builds on" may point at) and whether it was voided.
/// </summary>
public readonly record struct InteractionEntry(Fingerprint Recorded, Fingerprint Current, TransactionKind Kind, bool Voided)
{
    public static InteractionEntry Of(InteractionRecorded e) =>
        new(InteractionFingerprint.Of(e), InteractionFingerprint.Of(e.Payload, e.Classification), e.Payload.Kind, false);

    /// <summary>A correction of this interaction (other events leave it as it is).</summary>
    public InteractionEntry Apply(InteractionEvent @event) => @event switch
    {
        InteractionReclassified e => this with { Current = InteractionFingerprint.Of(e.Payload, e.Classification), Kind = e.Payload.Kind },
        InteractionVoided => this with { Voided = true },
        _ => this,
    };
}
