using Ledger.Domain;
using Ledger.Domain.Interactions;
using Ledger.Projections.Transactions;

namespace Ledger.Projections.Reports;

/// <summary>Turns a stored fact back into the payload it measured, so that reports value it with the same <see cref="Analytics.Valuation"/>.</summary>
public static class FactPayloads
{
    public static TransactionPayload ToPayload(this TransactionFact fact) =>
        fact.Kind switch
        {
            TransactionKind.Monetary => new MonetaryPayload(fact.Amount, fact.Currency ?? "EUR", Parse<MoneyDirection>(fact.Subtype)),
            TransactionKind.Informational => new InformationalPayload(Parse<InformationKind>(fact.Subtype), "-"),
            TransactionKind.Logistical => new LogisticalPayload("-", fact.Quantity, fact.Unit ?? "unit", Parse<LogisticalStatus>(fact.Subtype)),
            _ => new EmotionalPayload(Parse<EmotionalSignal>(fact.Subtype), fact.Valence, fact.Intensity),
        };

    /// <summary>The fact as an effective interaction (content hash and source are not kept in facts).</summary>
    public static EffectiveInteraction ToInteraction(this TransactionFact fact) =>
        new(fact.ConversationId, fact.InteractionId, fact.SenderId, fact.ReceiverIds, fact.OccurredAt, "", new SourceRef("ledger", fact.InteractionId.ToString()),
            fact.ToPayload(), new Classification(ClassificationSource.Manual), Reclassified: false);

    private static T Parse<T>(string name) where T : struct, Enum => Enum.Parse<T>(name, ignoreCase: true);
}
