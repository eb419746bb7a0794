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

    private static T Parse<T>(string name) where T : struct, Enum => Enum.Parse<T>(name, ignoreCase: true);
}
