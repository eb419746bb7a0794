using Ledger.Domain.Interactions;

namespace Ledger.Domain.Conversations;

/// <summary>
/// Conversation states that hold only part of their interactions (see <see cref="ConversationTrack.Trimmed"/>): when
/// to trim, what a command needs learned before it is decided, and what a state weighs in memory.
/// </summary>
public static class TrimmedTracks
{
    /// <summary>Estimated bytes of one entry in a track, with its share of the immutable dictionary (measured: ~140).</summary>
    public const int BytesPerInteraction = 160;

    private const int BytesPerMember = 48;
    private const int BytesBase = 2_048;

    /// <summary>The state with a trimmed track when it holds more than <paramref name="keepAtMost"/> interactions.</summary>
    public static ConversationState Trim(ConversationState state, int keepAtMost) =>
        state is ConversationState.Started s && s.Track.Interactions.Count > keepAtMost ? s with { Track = s.Track.Trimmed() } : state;

    /// <summary>The interactions <paramref name="command"/> may consult that the state's track cannot answer for.</summary>
    public static IReadOnlyCollection<Guid> Unknown(ConversationCommand command, ConversationState state) =>
        state is ConversationState.Started { Track: { Complete: false } track } ? track.Unknown(NamedBy(command)) : [];

    /// <summary>The state having learned <paramref name="ids"/> from the stream's <paramref name="events"/> about them.</summary>
    public static ConversationState Learn(ConversationState state, IReadOnlyCollection<Guid> ids, IEnumerable<ConversationEvent> events) =>
        state is ConversationState.Started s ? s with { Track = s.Track.Learn(ids, events.OfType<InteractionEvent>()) } : state;

    /// <summary>Approximate managed bytes the state holds (for a cache's bound).</summary>
    public static long ApproximateBytes(ConversationState state) => state switch
    {
        ConversationState.Started { Track: var t } => BytesBase + (long)BytesPerMember * (t.Members.Count + t.FormerMembers.Count + t.Opened.ParticipantIds.Count)
            + (long)BytesPerInteraction * t.Interactions.Count + 40L * t.Absent.Count,
        _ => BytesBase,
    };

    /// <summary>
    /// Every interaction id a decision on <paramref name="command"/> may look up in the track: the ids it records,
    /// reclassifies or voids, and those its informational payloads build on. Tolerates invalid commands (the decider
    /// refuses them).
    /// </summary>
    public static IEnumerable<Guid> NamedBy(ConversationCommand command) => command switch
    {
        RecordInteractions c => (c.Interactions ?? []).SelectMany(Named),
        RecordInteraction c => Named(c.Interaction),
        ReclassifyInteraction c => c.Payload is InformationalPayload { BuildsOn: { } on } ? [c.InteractionId, on] : [c.InteractionId],
        VoidInteraction c => [c.InteractionId],
        _ => [],
    };

    private static IEnumerable<Guid> Named(NewInteraction? interaction) => interaction switch
    {
        null => [],
        { Payload: InformationalPayload { BuildsOn: { } on } } => [interaction.InteractionId, on],
        _ => [interaction.InteractionId],
    };
}
