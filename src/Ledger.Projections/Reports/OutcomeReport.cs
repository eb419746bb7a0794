using System.Runtime.InteropServices;
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
        IEnumerable<FactInForce> facts, ValuationModel model, ConversionRates rates, PeriodGranularity period, IReadOnlySet<OutcomeDimension> by)
    {
        // Summed per group in fact order at full precision, each figure rounded once. A group is keyed by its period's
        // first day rather than its key text, so that the text is made once per group instead of once per fact.
        var groups = new Dictionary<Group, Totals>();
        foreach (var f in facts)
        {
            var valued = Valuation.Value(f.Fact.ToPayload(), model, rates, f.Fact.OccurredAt);
            ref var totals = ref CollectionsMarshal.GetValueRefOrAddDefault(groups, GroupOf(f, period, by), out _);
            totals.Count++;
            if (valued.Effect == ValueEffect.Gain) totals.Gain += valued.Amount;
            else totals.Cost += valued.Amount;
            totals.Value += valued.SignedAmount;
        }
        var currency = model.ReportingCurrency;
        return groups
            .Select(g => new OutcomeRow(
                Analytics.Period.Key(g.Key.PeriodStart, period), g.Key.Kind, g.Key.Initiative, g.Key.Channel, g.Key.Department, g.Value.Count,
                RoundingPolicy.Round(g.Value.Gain, currency), RoundingPolicy.Round(g.Value.Cost, currency), RoundingPolicy.Round(g.Value.Value, currency), currency))
            .OrderBy(r => r.Period, StringComparer.Ordinal).ThenBy(r => r.Kind).ThenBy(r => r.InitiativeId).ThenBy(r => r.Channel, StringComparer.Ordinal).ThenBy(r => r.Department, StringComparer.Ordinal)
            .ToList();
    }

    private readonly record struct Group(DateOnly PeriodStart, TransactionKind Kind, Guid? Initiative, string? Channel, string? Department);

    private struct Totals
    {
        public long Count;
        public decimal Gain;
        public decimal Cost;
        public decimal Value;
    }

    /// <summary>The facts behind one row (drill-down): their values, unrounded, sum to the row's value before rounding.</summary>
    public static IReadOnlyList<(FactInForce Fact, ValuedTransaction Value)> DrillDown(
        IEnumerable<FactInForce> facts, ValuationModel model, ConversionRates rates, PeriodGranularity period, IReadOnlySet<OutcomeDimension> by, OutcomeRow row) =>
        facts.Where(f => KeyOf(f, period, by) == (row.Period, row.Kind, row.InitiativeId, row.Channel, row.Department))
            .Select(f => (f, Valuation.Value(f.Fact.ToPayload(), model, rates, f.Fact.OccurredAt)))
            .ToList();

    private static Group GroupOf(FactInForce f, PeriodGranularity period, IReadOnlySet<OutcomeDimension> by) =>
        new(Analytics.Period.Start(Analytics.Period.UtcDate(f.Fact.OccurredAt), period), f.Fact.Kind,
            by.Contains(OutcomeDimension.Initiative) ? f.Fact.InitiativeId : null,
            by.Contains(OutcomeDimension.Channel) ? f.Fact.Channel : null,
            by.Contains(OutcomeDimension.Department) ? f.Fact.Department : null);

    /// <summary>A fact's row key, as <see cref="OutcomeRow"/> names it (its group with the period's key text).</summary>
    private static (string Period, TransactionKind Kind, Guid? Initiative, string? Channel, string? Department) KeyOf(
        FactInForce f, PeriodGranularity period, IReadOnlySet<OutcomeDimension> by)
    {
        var g = GroupOf(f, period, by);
        return (Analytics.Period.Key(g.PeriodStart, period), g.Kind, g.Initiative, g.Channel, g.Department);
    }
}
