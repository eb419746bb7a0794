using Ledger.Domain;
using Ledger.Projections.Analytics;

namespace Ledger.Projections.Reports;

/// <summary>The dimensions an outcome report can be grouped by (kind is always one of them).</summary>
public enum OutcomeDimension
{
    Initiative,
    Channel,
    Department,
}

/// <summary>One figure: how many transactions of a kind, and what they were worth, in one group and period.</summary>
public sealed record OutcomeRow(
    string Period, TransactionKind Kind, Guid? InitiativeId, string? Channel, string? Department,
    long Count, decimal Gain, decimal Cost, decimal Value, string Currency);

/// <summary>
/// Outcome metrics: count and money-equivalent value by transaction kind × the chosen dimensions × period, under the
/// valuation model and rates in force. Pure: the same facts, model and rates give the same rows. Values are summed at
/// full precision and rounded once per figure (<see cref="RoundingPolicy"/>).
/// </summary>
public static class OutcomeReport
{
    public static IReadOnlyList<OutcomeRow> Compute(
        IEnumerable<FactInForce> facts, ValuationModel model, ConversionRates rates, PeriodGranularity period, IReadOnlySet<OutcomeDimension> by) =>
        facts
            .Select(f => (Key: KeyOf(f, period, by), Valued: Valuation.Value(f.Fact.ToPayload(), model, rates, f.Fact.OccurredAt)))
            .GroupBy(x => x.Key)
            .Select(g => new OutcomeRow(
                g.Key.Period, g.Key.Kind, g.Key.Initiative, g.Key.Channel, g.Key.Department, g.LongCount(),
                RoundingPolicy.Round(g.Where(x => x.Valued.Effect == ValueEffect.Gain).Sum(x => x.Valued.Amount), model.ReportingCurrency),
                RoundingPolicy.Round(g.Where(x => x.Valued.Effect == ValueEffect.Cost).Sum(x => x.Valued.Amount), model.ReportingCurrency),
                RoundingPolicy.Round(g.Sum(x => x.Valued.SignedAmount), model.ReportingCurrency),
                model.ReportingCurrency))
            .OrderBy(r => r.Period, StringComparer.Ordinal).ThenBy(r => r.Kind).ThenBy(r => r.InitiativeId).ThenBy(r => r.Channel, StringComparer.Ordinal).ThenBy(r => r.Department, StringComparer.Ordinal)
            .ToList();

    /// <summary>The facts behind one row (drill-down): their values, unrounded, sum to the row's value before rounding.</summary>
    public static IReadOnlyList<(FactInForce Fact, ValuedTransaction Value)> DrillDown(
        IEnumerable<FactInForce> facts, ValuationModel model, ConversionRates rates, PeriodGranularity period, IReadOnlySet<OutcomeDimension> by, OutcomeRow row) =>
        facts.Where(f => KeyOf(f, period, by) == (row.Period, row.Kind, row.InitiativeId, row.Channel, row.Department))
            .Select(f => (f, Valuation.Value(f.Fact.ToPayload(), model, rates, f.Fact.OccurredAt)))
            .ToList();

    private static (string Period, TransactionKind Kind, Guid? Initiative, string? Channel, string? Department) KeyOf(
        FactInForce f, PeriodGranularity period, IReadOnlySet<OutcomeDimension> by) =>
        (Analytics.Period.Key(f.Fact.OccurredAt, period), f.Fact.Kind,
         by.Contains(OutcomeDimension.Initiative) ? f.Fact.InitiativeId : null,
         by.Contains(OutcomeDimension.Channel) ? f.Fact.Channel : null,
         by.Contains(OutcomeDimension.Department) ? f.Fact.Department : null);
}
