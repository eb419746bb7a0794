using Ledger.Projections.Analytics;

namespace Ledger.Projections.Reports;

/// <summary>Revenue attributed to the conversations and initiatives that preceded it, from the facts in force.</summary>
public static class AttributionReport
{
    public static AttributionResult Compute(ReportData data, ConversionRates rates, AttributionModel model, TimeSpan lookback)
    {
        var external = data.Participants.Where(p => p.IsExternal).Select(p => p.ParticipantId).ToHashSet();
        // A conversation's initiative is that of its first fact in force.
        var initiativeOf = new Dictionary<Guid, Guid?>();
        foreach (var f in data.Facts) initiativeOf.TryAdd(f.Fact.ConversationId, f.Fact.InitiativeId);
        var interactions = data.Facts.Select(f => f.Fact.ToInteraction()).ToList();
        return Attribution.Attribute(
            Attribution.Outcomes(interactions, external.Contains, rates),
            Attribution.Touchpoints(interactions, external.Contains, c => initiativeOf.GetValueOrDefault(c)),
            model, lookback, rates.ReportingCurrency);
    }

    /// <summary>Revenue in the reporting currency, per outcome rounded as attribution rounds it: what every model must add up to.</summary>
    public static decimal MonetaryRevenue(ReportData data, ConversionRates rates)
    {
        var external = data.Participants.Where(p => p.IsExternal).Select(p => p.ParticipantId).ToHashSet();
        return Attribution.Outcomes(data.Facts.Select(f => f.Fact.ToInteraction()), external.Contains, rates)
            .Sum(o => RoundingPolicy.Round(o.Amount, rates.ReportingCurrency));
    }
}
