using Ledger.Domain;
using Ledger.Projections.Analytics;

namespace Ledger.Projections.Reports;

/// <summary>
/// The events behind a figure that is not one outcome row: a relationship figure (the transactions on a participant's
/// links, or on the one link between <see cref="Participant"/> and <see cref="Counterpart"/>) or a point of an
/// initiative's cumulative curve (its transactions and recorded costs up to <see cref="Through"/>). Every filter given
/// must hold; a null filter selects everything.
/// </summary>
public sealed record EventSelection(
    Guid? Participant = null, Guid? Counterpart = null, Guid? Initiative = null, TransactionKind? Kind = null,
    string? Channel = null, string? Department = null, DateOnly? Through = null)
{
    /// <summary>
    /// How many times <paramref name="fact"/> counts in the figure: 0 when it is not selected; with a participant, the
    /// number of that participant's map links it adds one to (<see cref="RelationshipMap.LinksOf"/>); otherwise 1.
    /// </summary>
    public int Weight(Transactions.TransactionFact fact)
    {
        if (Initiative is { } initiative && fact.InitiativeId != initiative) return 0;
        if (Kind is { } kind && fact.Kind != kind) return 0;
        if (Channel is { } channel && fact.Channel != channel) return 0;
        if (Department is { } department && fact.Department != department) return 0;
        if (Through is { } through && Period.UtcDate(fact.OccurredAt) > through) return 0;
        return Participant is { } participant ? RelationshipMap.LinksOf(fact, participant, Counterpart) : 1;
    }

    /// <summary>The selected facts, valued as the reports value them, each with its <see cref="Weight"/>, in log order.</summary>
    public IReadOnlyList<(FactInForce Fact, ValuedTransaction Value, int Weight)> Facts(IEnumerable<FactInForce> facts, ValuationModel model, ConversionRates rates) =>
        facts.Select(f => (Fact: f, Weight: Weight(f.Fact)))
            .Where(x => x.Weight > 0)
            .Select(x => (x.Fact, Valuation.Value(x.Fact.Fact.ToPayload(), model, rates, x.Fact.Fact.OccurredAt), x.Weight))
            .OrderBy(x => x.Fact.Position)
            .ToList();

    /// <summary>
    /// The recorded costs of the selected initiative up to <see cref="Through"/>, converted at their dates as ROI
    /// converts them (<see cref="RoiByInitiative.Cost"/>); none without an initiative or with a transaction-only filter.
    /// </summary>
    public IReadOnlyList<(CostInForce Cost, decimal Value)> RecordedCosts(IEnumerable<CostInForce> costs, ConversionRates rates) =>
        Initiative is not { } initiative || Participant is not null || Kind is not null || Channel is not null || Department is not null
            ? []
            : costs.Where(c => c.InitiativeId == initiative)
                .Select(c => (Cost: c, Dated: RoiByInitiative.Cost(c, rates)))
                .Where(x => Through is not { } through || x.Dated.On <= through)
                .Select(x => (x.Cost, x.Dated.Amount))
                .OrderBy(x => x.Cost.Position)
                .ToList();
}
