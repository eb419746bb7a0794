namespace Ledger.Domain.Interactions;

/// <summary>An interaction as reports see it: its latest classification applied, voided ones excluded.</summary>
public sealed record EffectiveInteraction(
    Guid ConversationId,
    Guid InteractionId,
    Guid SenderId,
    IReadOnlyList<Guid> ReceiverIds,
    DateTimeOffset OccurredAt,
    string ContentHash,
    SourceRef Source,
    TransactionPayload Payload,
    Classification Classification,
    bool Reclassified)
{
    public TransactionKind Kind => Payload.Kind;
}

/// <summary>
/// The corrected view of interactions, as a pure fold over conversation events. Corrections never edit:
/// a reclassification replaces the payload in this view only, a void removes the interaction from it.
/// </summary>
public static class EffectiveInteractions
{
    /// <summary>
    /// Folds one event into the effective view of one interaction (null: not recorded yet, or voided).
    /// Events about other interactions leave it unchanged, so a projection keyed by interaction id can call
    /// this for every event it sees.
    /// </summary>
    public static EffectiveInteraction? Apply(EffectiveInteraction? current, object @event) => @event switch
    {
        InteractionRecorded e when current is null => new EffectiveInteraction(
            e.ConversationId, e.InteractionId, e.SenderId, e.ReceiverIds, e.OccurredAt, e.ContentHash, e.Source,
            e.Payload, e.Classification, Reclassified: false),
        InteractionReclassified e when current?.InteractionId == e.InteractionId =>
            current with { Payload = e.Payload, Classification = e.Classification, Reclassified = true },
        InteractionVoided e when current?.InteractionId == e.InteractionId => null,
        _ => current,
    };

    /// <summary>
    /// The effective interactions of any sequence of events (one conversation or many), in the order they
    /// were recorded. Events that are not about interactions are ignored.
    /// </summary>
    public static IReadOnlyList<EffectiveInteraction> From(IEnumerable<object> events)
    {
        var byId = new Dictionary<Guid, EffectiveInteraction?>();
        var order = new List<Guid>();
        foreach (var @event in events)
        {
            if (@event is not InteractionEvent e)
                continue;
            if (!byId.TryGetValue(e.InteractionId, out var current))
            {
                if (e is not InteractionRecorded)
                    continue;
                order.Add(e.InteractionId);
            }
            else if (current is null)
            {
                continue; // voided for good
            }

            byId[e.InteractionId] = Apply(current, e);
        }

        return [.. order.Select(id => byId[id]).OfType<EffectiveInteraction>()];
    }
}
