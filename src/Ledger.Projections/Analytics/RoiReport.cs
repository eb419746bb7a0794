using Ledger.Domain;

namespace Ledger.Projections.Analytics;

/// <summary>A cost in the reporting currency on a date, unrounded: one recorded initiative cost.</summary>
public sealed record DatedCost(DateOnly On, decimal Amount);

/// <summary>A valued transaction on the date it occurred.</summary>
public sealed record DatedTransaction(DateOnly On, ValuedTransaction Transaction)
{
    public TransactionKind Kind => Transaction.Kind;
}

/// <summary>
/// What an initiative returned, in <paramref name="Currency"/>. Every amount is rounded from its unrounded sum
/// (see <see cref="RoundingPolicy"/>), so <paramref name="TotalValue"/> may differ by a cent from the sum of the
/// three values shown beside it.
/// </summary>
/// <param name="Cost"><paramref name="RecordedCost"/> + <paramref name="InteractionCost"/>.</param>
/// <param name="RecordedCost">Recorded initiative costs (InitiativeCostIncurred), converted at their dates.</param>
/// <param name="InteractionCost">Monetary interactions of direction cost attributed to the initiative.</param>
/// <param name="MonetaryGain"><paramref name="Revenue"/> + <paramref name="Saving"/>.</param>
/// <param name="InformationalValue">Net money-equivalent value of informational transactions (may be negative).</param>
/// <param name="TotalValue">Informational + logistical + emotional value: money-equivalent, not money.</param>
/// <param name="MonetaryRoi">(monetary gain − cost) / cost; null when cost is 0. 0.25 = 25 %.</param>
/// <param name="TotalRoi">(monetary gain + total value − cost) / cost; null when cost is 0.</param>
/// <param name="PaybackDate">First date at the end of which cumulative (gain + value) ≥ cumulative cost, with
/// some cost incurred; null if that never happens (or there is no cost).</param>
/// <param name="MonetaryPaybackDate">The same with monetary gain only.</param>
/// <param name="Curve">One point per date that has a cost or a transaction, in date order; the curve is a step
/// function, so dates without a point keep the previous point's values.</param>
public sealed record RoiReport(
    string Currency,
    decimal Cost,
    decimal RecordedCost,
    decimal InteractionCost,
    decimal MonetaryGain,
    decimal Revenue,
    decimal Saving,
    decimal InformationalValue,
    decimal LogisticalValue,
    decimal EmotionalValue,
    decimal TotalValue,
    decimal? MonetaryRoi,
    decimal? TotalRoi,
    DateOnly? PaybackDate,
    DateOnly? MonetaryPaybackDate,
    IReadOnlyList<RoiPoint> Curve);

/// <summary>Cumulative figures at the end of <paramref name="On"/>, each rounded to the minor unit.</summary>
/// <param name="CumulativeGain">Monetary gain (revenue + saving) so far.</param>
/// <param name="CumulativeValue">Money-equivalent value so far (may be negative).</param>
public sealed record RoiPoint(DateOnly On, decimal CumulativeCost, decimal CumulativeGain, decimal CumulativeValue);
