using System.Collections.Frozen;
using Ledger.Domain.Conversations;
using Ledger.Domain.Decisions;
using Ledger.Domain.Initiatives;
using Ledger.Domain.Interactions;
using Ledger.Domain.Participants;

namespace Ledger.Domain;

/// <summary>
/// The stable storage name and schema version of every domain event, so that the event store never sees
/// CLR type names. Names are part of the stored format: never rename one; add a new version instead.
/// </summary>
public static class EventTypes
{
    public static IReadOnlyList<(Type Type, string Name, int Version)> All { get; } =
    [
        (typeof(ParticipantRegistered), "participant-registered", 1),
        (typeof(ParticipantMovedDepartment), "participant-moved-department", 1),
        (typeof(ConversationOpened), "conversation-opened", 1),
        (typeof(ParticipantJoined), "participant-joined", 1),
        (typeof(ParticipantLeft), "participant-left", 1),
        (typeof(ConversationClosed), "conversation-closed", 1),
        (typeof(ConversationReopened), "conversation-reopened", 1),
        (typeof(InteractionRecorded), "interaction-recorded", 1),
        (typeof(InteractionReclassified), "interaction-reclassified", 1),
        (typeof(InteractionVoided), "interaction-voided", 1),
        (typeof(InitiativeLaunched), "initiative-launched", 1),
        (typeof(InitiativeCostIncurred), "initiative-cost-incurred", 1),
        (typeof(InitiativeEnded), "initiative-ended", 1),
        (typeof(DecisionRecorded), "decision-recorded", 1),
        (typeof(DecisionSuperseded), "decision-superseded", 1),
    ];

    private static readonly FrozenDictionary<Type, (string Name, int Version)> ByType =
        All.ToFrozenDictionary(e => e.Type, e => (e.Name, e.Version));

    private static readonly FrozenDictionary<string, Type> ByName =
        All.ToFrozenDictionary(e => e.Name, e => e.Type, StringComparer.Ordinal);

    /// <summary>The storage name and version of an event type; throws for a type that is not an event.</summary>
    public static (string Name, int Version) Of(Type type) =>
        ByType.TryGetValue(type, out var entry)
            ? entry
            : throw new ArgumentException($"{type.Name} is not a registered domain event.", nameof(type));

    /// <summary>The CLR type stored under <paramref name="name"/>, or null for an unknown name.</summary>
    public static Type? TypeOf(string name) => ByName.GetValueOrDefault(name);
}
