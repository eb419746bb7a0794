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
        var days = new Dictionary<DateOnly, RoiDay>();
        RoiDay At(DateOnly on) => days.TryGetValue(on, out var day) ? day : days[on] = new RoiDay(currency);
        foreach (var cost in costs) At(cost.On).Add(cost);
        foreach (var transaction in transactions) At(transaction.On).Add(transaction.Transaction);
        return FromDays(currency, days);
    }

    /// <summary>
    /// The ROI from each date's sums (<see cref="RoiDay"/>): the second half of
    /// <see cref="Compute(string, IEnumerable{DatedCost}, IEnumerable{DatedTransaction})"/>, for a caller that keeps
    /// the days' sums and folds again only the days that changed. Totals are summed from the days' unrounded sums.
    /// </summary>
    public static RoiReport FromDays(string currency, IReadOnlyDictionary<DateOnly, RoiDay> days)
    {
        var curve = new List<RoiPoint>(days.Count);
        DateOnly? payback = null, monetaryPayback = null;
        decimal recorded = 0, interactionCost = 0, revenue = 0, saving = 0, informational = 0, logistical = 0, emotional = 0;
        decimal cumulativeCost = 0, cumulativeGain = 0, cumulativeValue = 0;
        // One sort of the dates here rather than a sorted lookup per transaction while folding.
        foreach (var on in days.Keys.Order())
        {
            var day = days[on];
            if (!string.Equals(day.Currency, currency, StringComparison.Ordinal))
                throw new ArgumentException($"A day is summed in {day.Currency}, not {currency}.", nameof(days));
            recorded += day.RecordedCost;
            interactionCost += day.InteractionCost;
            revenue += day.Revenue;
            saving += day.Saving;
            informational += day.Informational;
            logistical += day.Logistical;
            emotional += day.Emotional;
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
}

/// <summary>
/// What one date adds to an ROI, unrounded, in <see cref="Currency"/>: the fold step of
/// <see cref="Roi.Compute(string, IEnumerable{DatedCost}, IEnumerable{DatedTransaction})"/>. A local accumulator:
/// each <see cref="Add(DatedCost)"/> or <see cref="Add(ValuedTransaction)"/> adds to it.
/// </summary>
public sealed class RoiDay(string currency)
{
    public string Currency { get; } = currency;

    /// <summary>Recorded initiative costs.</summary>
    public decimal RecordedCost { get; private set; }

    /// <summary>Monetary transactions of direction cost.</summary>
    public decimal InteractionCost { get; private set; }

    public decimal Revenue { get; private set; }

    public decimal Saving { get; private set; }

    /// <summary>Signed money-equivalent value of informational transactions.</summary>
    public decimal Informational { get; private set; }

    public decimal Logistical { get; private set; }

    public decimal Emotional { get; private set; }

    public decimal Cost => RecordedCost + InteractionCost;

    public decimal Gain => Revenue + Saving;

    public decimal Value => Informational + Logistical + Emotional;

    public void Add(DatedCost cost) => RecordedCost += cost.Amount;

    /// <exception cref="ArgumentException">The transaction is valued in another currency.</exception>
    public void Add(ValuedTransaction t)
    {
        if (!string.Equals(t.Currency, Currency, StringComparison.Ordinal))
            throw new ArgumentException($"A transaction is valued in {t.Currency}, not {Currency}.", nameof(t));
        switch (t.Kind)
        {
            case TransactionKind.Monetary when t.Effect == ValueEffect.Cost:
                InteractionCost += t.Amount;
                break;
            case TransactionKind.Monetary when t.Subtype == "saving":
                Saving += t.Amount;
                break;
            case TransactionKind.Monetary:
                Revenue += t.Amount;
                break;
            case TransactionKind.Informational:
                Informational += t.SignedAmount;
                break;
            case TransactionKind.Logistical:
                Logistical += t.SignedAmount;
                break;
            default:
                Emotional += t.SignedAmount;
                break;
        }
    }
}
