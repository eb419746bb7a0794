using Ledger.Domain;
using Ledger.Domain.Interactions;
using Ledger.Projections.Transactions;

namespace Ledger.Projections.Reports;

/// <summary>Turns a stored fact back into the payload it measured, so that reports value it with the same <see cref="Analytics.Valuation"/>.</summary>
public static class FactPayloads
{
    /// <summary>Facts keep neither the content hash nor the source; every interaction rebuilt from one says so alike.</summary>
    private static readonly SourceRef FromFact = new("ledger", "fact");

    private static readonly Classification Recorded = new(ClassificationSource.Manual);

    /// <summary>Informational payloads differ only by kind: one immutable instance per kind (reports rebuild millions).</summary>
    private static readonly Dictionary<InformationKind, InformationalPayload> Informational =
        Enum.GetValues<InformationKind>().ToDictionary(k => k, k => new InformationalPayload(k, "-"));

    public static TransactionPayload ToPayload(this TransactionFact fact) =>
        fact.Kind switch
        {
            TransactionKind.Monetary => new MonetaryPayload(fact.Amount, fact.Currency ?? "EUR", Parse<MoneyDirection>(fact.Subtype)),
            TransactionKind.Informational => Informational[Parse<InformationKind>(fact.Subtype)],
            TransactionKind.Logistical => new LogisticalPayload("-", fact.Quantity, fact.Unit ?? "unit", Parse<LogisticalStatus>(fact.Subtype)),
            _ => new EmotionalPayload(Parse<EmotionalSignal>(fact.Subtype), fact.Valence, fact.Intensity),
        };

    /// <summary>The fact as an effective interaction (content hash and source are not kept in facts).</summary>
    public static EffectiveInteraction ToInteraction(this TransactionFact fact) =>
        new(fact.ConversationId, fact.InteractionId, fact.SenderId, fact.ReceiverIds, fact.OccurredAt, "", FromFact, fact.ToPayload(), Recorded, Reclassified: false);

    private static T Parse<T>(string name) where T : struct, Enum => Enum.Parse<T>(name, ignoreCase: true);
}
