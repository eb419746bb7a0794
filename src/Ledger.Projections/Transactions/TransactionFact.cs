using Ledger.Domain;
using Ledger.Domain.Interactions;
using Ledger.Projections.Serialization;

namespace Ledger.Projections.Transactions;

/// <summary>
/// One effective transaction as the reports count it, with the dimensions it had when it was recorded (channel,
/// initiative, internal department, external counterpart). Facts are never updated: a reclassification appends a
/// reversal (sign −1) of the old fact and the new fact (sign +1), a void appends a reversal. So "as of position P" is
/// simply the sum of the facts at positions ≤ P, and every figure can list the facts that produced it.
/// </summary>
public sealed record TransactionFact(
    Guid InteractionId,
    Guid ConversationId,
    TransactionKind Kind,
    string Subtype,
    decimal Amount,
    string? Currency,
    decimal Quantity,
    string? Unit,
    decimal Valence,
    int Intensity,
    DateTimeOffset OccurredAt,
    Guid? InitiativeId,
    string Channel,
    string? Department,
    Guid? CounterpartId,
    Guid SenderId,
    IReadOnlyList<Guid> ReceiverIds)
{
    /// <summary>The measures of a payload: what is summed per kind (amount, count or quantity, valence × intensity).</summary>
    public static TransactionFact From(EffectiveInteraction interaction, Guid? initiativeId, string channel, string? department, Guid? counterpartId) =>
        interaction.Payload switch
        {
            MonetaryPayload m => Base(interaction, initiativeId, channel, department, counterpartId) with
            {
                Subtype = WireName.Of(m.Direction), Amount = m.Amount, Currency = m.Currency.ToUpperInvariant(), Quantity = 1,
            },
            InformationalPayload i => Base(interaction, initiativeId, channel, department, counterpartId) with { Subtype = WireName.Of(i.What), Quantity = 1 },
            LogisticalPayload l => Base(interaction, initiativeId, channel, department, counterpartId) with
            {
                Subtype = WireName.Of(l.Status), Quantity = l.Quantity, Unit = l.Unit,
            },
            EmotionalPayload e => Base(interaction, initiativeId, channel, department, counterpartId) with
            {
                Subtype = WireName.Of(e.Signal), Valence = e.Valence, Intensity = e.Intensity, Quantity = 1,
            },
            _ => throw new ArgumentException($"Unknown payload {interaction.Payload.GetType().Name}", nameof(interaction)),
        };

    private static TransactionFact Base(EffectiveInteraction i, Guid? initiativeId, string channel, string? department, Guid? counterpartId) =>
        new(i.InteractionId, i.ConversationId, i.Kind, "", 0, null, 0, null, 0, 0, i.OccurredAt, initiativeId, channel, department, counterpartId, i.SenderId, i.ReceiverIds);

}
