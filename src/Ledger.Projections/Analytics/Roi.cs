using Ledger.Domain;
using Ledger.Domain.Initiatives;
using Ledger.Domain.Interactions;

namespace Ledger.Projections.Analytics;

/// <summary>
/// Return on an initiative, as a pure function of its costs and its valued transactions.
/// <list type="bullet">
/// <item>cost = recorded initiative costs + monetary transactions of direction cost;</item>
/// <item>monetary gain = revenue + saving;</item>
/// <item>value = money-equivalent value of informational, logistical and emotional transactions (signed: a
/// negative emotion reduces it);</item>
/// <item><c>MonetaryRoi = (gain − cost) / cost</c> counts money only; <c>TotalRoi = (gain + value − cost) / cost</c>
/// also counts the money-equivalent value. Both are null when cost is 0.</item>
/// </list>
/// Sums, ROI and payback are computed unrounded; only the reported figures are rounded (<see cref="RoundingPolicy"/>).
/// </summary>
public static class Roi
{
    /// <summary>A recorded initiative cost in the reporting currency, at the rate of the UTC date it was incurred.</summary>
    /// <exception cref="MissingConversionRateException">No rate for the cost's currency on that date.</exception>
    public static DatedCost Cost(InitiativeCostIncurred cost, ConversionRates rates)
    {
        var on = Period.UtcDate(cost.IncurredAt);
        return new DatedCost(on, rates.Convert(cost.Cost, on));
    }

    /// <summary>
    /// The ROI of an initiative from its recorded costs and the effective interactions of its conversations
    /// (the caller selects them), each valued on its UTC date.
    /// </summary>
    public static RoiReport Compute(
        IEnumerable<InitiativeCostIncurred> costs,
        IEnumerable<EffectiveInteraction> interactions,
        ValuationModel model,
        ConversionRates rates) =>
        Compute(
            model.ReportingCurrency,
            costs.Select(c => Cost(c, rates)),
            interactions.Select(i => new DatedTransaction(Period.UtcDate(i.OccurredAt), Valuation.Value(i, model, rates))));

    /// <summary>The ROI from costs and valued transactions already in <paramref name="currency"/>.</summary>
    public static RoiReport Compute(string currency, IEnumerable<DatedCost> costs, IEnumerable<DatedTransaction> transactions)
    {
        var days = new SortedDictionary<DateOnly, Day>();
        Day At(DateOnly on) => days.TryGetValue(on, out var day) ? day : days[on] = new Day();

        decimal recorded = 0, interactionCost = 0, revenue = 0, saving = 0, informational = 0, logistical = 0, emotional = 0;
        foreach (var cost in costs)
        {
            recorded += cost.Amount;
            At(cost.On).Cost += cost.Amount;
        }

        foreach (var (on, t) in transactions)
        {
            if (!string.Equals(t.Currency, currency, StringComparison.Ordinal))
                throw new ArgumentException($"A transaction is valued in {t.Currency}, not {currency}.", nameof(transactions));
            var day = At(on);
            switch (t.Kind)
            {
                case TransactionKind.Monetary when t.Effect == ValueEffect.Cost:
                    interactionCost += t.Amount;
                    day.Cost += t.Amount;
                    break;
                case TransactionKind.Monetary:
                    if (t.Subtype == "saving")
                        saving += t.Amount;
                    else
                        revenue += t.Amount;
                    day.Gain += t.Amount;
                    break;
                default:
                    if (t.Kind == TransactionKind.Informational)
                        informational += t.SignedAmount;
                    else if (t.Kind == TransactionKind.Logistical)
                        logistical += t.SignedAmount;
                    else
                        emotional += t.SignedAmount;
                    day.Value += t.SignedAmount;
                    break;
            }
        }

        var curve = new List<RoiPoint>(days.Count);
        DateOnly? payback = null, monetaryPayback = null;
        decimal cumulativeCost = 0, cumulativeGain = 0, cumulativeValue = 0;
        foreach (var (on, day) in days)
        {
            cumulativeCost += day.Cost;
            cumulativeGain += day.Gain;
            cumulativeValue += day.Value;
            if (cumulativeCost > 0 && payback is null && cumulativeGain + cumulativeValue >= cumulativeCost)
                payback = on;
            if (cumulativeCost > 0 && monetaryPayback is null && cumulativeGain >= cumulativeCost)
                monetaryPayback = on;
            curve.Add(new RoiPoint(on, Round(cumulativeCost), Round(cumulativeGain), Round(cumulativeValue)));
        }

        var totalCost = recorded + interactionCost;
        var gain = revenue + saving;
        var value = informational + logistical + emotional;
        return new RoiReport(
            currency,
            Round(totalCost),
            Round(recorded),
            Round(interactionCost),
            Round(gain),
            Round(revenue),
            Round(saving),
            Round(informational),
            Round(logistical),
            Round(emotional),
            Round(value),
            Ratio(gain - totalCost, totalCost),
            Ratio(gain + value - totalCost, totalCost),
            payback,
            monetaryPayback,
            curve);

        decimal Round(decimal amount) => RoundingPolicy.Round(amount, currency);
    }

    private static decimal? Ratio(decimal net, decimal cost) => cost == 0 ? null : RoundingPolicy.RoundRatio(net / cost);

    private sealed class Day
    {
        public decimal Cost { get; set; }

        public decimal Gain { get; set; }

        public decimal Value { get; set; }
    }
}
