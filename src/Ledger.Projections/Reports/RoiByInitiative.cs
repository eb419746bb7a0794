using Ledger.Projections.Analytics;

namespace Ledger.Projections.Reports;

/// <summary>ROI of one initiative, with its name.</summary>
public sealed record InitiativeRoi(Guid InitiativeId, string Name, RoiReport Roi);

/// <summary>ROI per initiative from the facts and costs in force: the same <see cref="Roi.Compute(string, IEnumerable{DatedCost}, IEnumerable{DatedTransaction})"/> for live reports, time travel and pilots.</summary>
public static class RoiByInitiative
{
    public static IReadOnlyList<InitiativeRoi> Compute(ReportData data, ValuationModel model, ConversionRates rates) =>
        data.Initiatives.Select(i => new InitiativeRoi(i.InitiativeId, i.Name, Roi.Compute(
                model.ReportingCurrency,
                data.Costs.Where(c => c.InitiativeId == i.InitiativeId)
                    .Select(c => new DatedCost(Period.UtcDate(c.IncurredAt), rates.Convert(c.Amount, c.Currency, Period.UtcDate(c.IncurredAt)))),
                data.Facts.Where(f => f.Fact.InitiativeId == i.InitiativeId)
                    .Select(f => new DatedTransaction(Period.UtcDate(f.Fact.OccurredAt), Valuation.Value(f.Fact.ToPayload(), model, rates, f.Fact.OccurredAt))))))
            .ToList();
}
