using Ledger.Api.Hosting;
using Ledger.Domain;
using Ledger.Domain.Common;
using Ledger.Projections.Analytics;
using Ledger.Projections.Reports;
using Ledger.Projections.Serialization;

namespace Ledger.Api.Reports;

/// <summary>
/// <c>GET /api/reports/outcomes/drilldown</c>: the events behind one figure, as of a position, so that anyone can add
/// them up. Three kinds of figure: an outcome figure (<c>periodKey</c> and <c>kind</c>, with the report's own
/// <c>period</c>, <c>by</c> and group keys); a relationship figure (<c>participant</c>, and <c>counterpart</c> for one
/// link: the weights of the listed events sum to the map's count); an initiative's events (<c>initiative</c>, with
/// <c>through</c> for a point of its cumulative curve: the events' values and the recorded costs listed beside them
/// sum to the point).
/// </summary>
public static class DrillDownEndpoint
{
    /// <param name="Kind">monetary, informational, logistical or emotional.</param>
    /// <param name="Value">Signed money-equivalent value, unrounded: a cost is negative.</param>
    /// <param name="Weight">How many times the event counts in the figure: for a relationship figure, the number of
    /// the participant's links it adds one to (a message to three colleagues counts on three links); otherwise 1.</param>
    public sealed record DrillDownItem(
        long Position, Guid EventId, Guid InteractionId, Guid ConversationId, string Kind, string Subtype, DateTimeOffset OccurredAt,
        decimal Value, string Effect, int Weight);

    /// <summary>A recorded initiative cost (not a transaction) in the reporting currency, unrounded, at the rate of its date.</summary>
    public sealed record RecordedCostItem(long Position, Guid EventId, string Category, DateTimeOffset IncurredAt, decimal Value);

    /// <param name="Figure">The outcome figure, when one was asked for; null for a relationship or initiative drill-down.</param>
    /// <param name="Sum">The events' values, summed unrounded and rounded once to the minor unit.</param>
    /// <param name="Weight">The events' weights summed: the count a relationship figure shows.</param>
    /// <param name="RecordedCosts">For an initiative's drill-down: its recorded costs up to <c>through</c>.</param>
    public sealed record DrillDownResponse(
        long AsOfPosition, OutcomeRow? Figure, IReadOnlyList<DrillDownItem> Events, decimal Sum, long Weight, IReadOnlyList<RecordedCostItem> RecordedCosts);

    public static async Task<IResult> DrillDown(
        long? asOf, DateTimeOffset? at, string? period, string? by, string? periodKey, string? kind, Guid? initiative, string? channel, string? department,
        Guid? participant, Guid? counterpart, DateOnly? through, ReportContext reports, CancellationToken cancellationToken)
    {
        var transactionKind = ParseKind(kind);
        if (periodKey is not null)
        {
            // An outcome figure is named by its keys alone: a relationship or curve filter would make it another figure.
            if (participant is not null) throw new ClientInputException("participant", "participant selects a relationship figure; it cannot be combined with periodKey.", "ambiguous_figure");
            if (through is not null) throw new ClientInputException("through", "through selects a curve point of an initiative; it cannot be combined with periodKey.", "ambiguous_figure");
            return await OutcomeFigureAsync(asOf, at, period, by, periodKey, transactionKind, initiative, channel, department, reports, cancellationToken);
        }
        if (counterpart is not null && participant is null)
            throw new ClientInputException("counterpart", "counterpart names the other end of a participant's link: give participant too.", "missing_participant");
        if (participant is null && initiative is null)
            throw new ClientInputException("periodKey", "Name a figure: periodKey and kind (an outcome figure), participant (a relationship figure) or initiative (an initiative's events).", "missing_figure");
        if (counterpart is not null && counterpart == participant)
            throw new ClientInputException("counterpart", "counterpart must be another participant than participant.", "same_participant");

        var (data, model, rates) = await reports.LoadAsync(asOf, at, cancellationToken);
        var known = data.Participants.Select(p => p.ParticipantId).ToHashSet();
        if (participant is { } p && !known.Contains(p))
            throw new ClientInputException("participant", $"No participant {p} was registered at position {data.AsOfPosition}.", "unknown_participant");
        if (counterpart is { } c && !known.Contains(c))
            throw new ClientInputException("counterpart", $"No participant {c} was registered at position {data.AsOfPosition}.", "unknown_participant");
        if (initiative is { } i && data.Initiatives.All(x => x.InitiativeId != i))
            throw new ClientInputException("initiative", $"No initiative {i} was launched at position {data.AsOfPosition}.", "unknown_initiative");

        var selection = new EventSelection(participant, counterpart, initiative, transactionKind, channel, department, through);
        var facts = ReportsApi.Valued(() => selection.Facts(data.Facts, model, rates));
        var costs = ReportsApi.Valued(() => selection.RecordedCosts(data.Costs, rates));
        var items = facts.Select(x => Item(x.Fact, x.Value, x.Weight)).ToList();
        var recorded = costs.Select(x => new RecordedCostItem(x.Cost.Position, x.Cost.EventId, x.Cost.Category, x.Cost.IncurredAt, x.Value)).ToList();
        return TypedResults.Ok(new DrillDownResponse(
            data.AsOfPosition, null, items, RoundingPolicy.Round(items.Sum(e => e.Value), model.ReportingCurrency), items.Sum(e => (long)e.Weight), recorded));
    }

    private static async Task<IResult> OutcomeFigureAsync(
        long? asOf, DateTimeOffset? at, string? period, string? by, string periodKey, TransactionKind? kind, Guid? initiative, string? channel, string? department,
        ReportContext reports, CancellationToken cancellationToken)
    {
        var granularity = ReportsApi.ParsePeriod(period);
        var dimensions = ReportsApi.ParseDimensions(by);
        if (kind is not { } transactionKind)
            throw new ClientInputException("kind", "An outcome figure needs its kind: monetary, informational, logistical or emotional.", "missing_kind");
        var (data, model, rates) = await reports.LoadAsync(asOf, at, cancellationToken);
        var rows = ReportsApi.Valued(() => OutcomeReport.Compute(data.Facts, model, rates, granularity, dimensions));
        var figure = rows.FirstOrDefault(r => r.Period == periodKey && r.Kind == transactionKind && r.InitiativeId == initiative
                                              && r.Channel == channel && r.Department == department)
                     ?? throw DomainException.NotFound("figure_not_found", "No outcome figure has these keys at this position.");
        var items = OutcomeReport.DrillDown(data.Facts, model, rates, granularity, dimensions, figure)
            .Select(x => Item(x.Fact, x.Value, 1))
            .ToList();
        return TypedResults.Ok(new DrillDownResponse(
            data.AsOfPosition, figure, items, RoundingPolicy.Round(items.Sum(i => i.Value), model.ReportingCurrency), items.Count, []));
    }

    private static DrillDownItem Item(FactInForce fact, ValuedTransaction value, int weight) =>
        new(fact.Position, fact.EventId, fact.Fact.InteractionId, fact.Fact.ConversationId, WireName.Of(fact.Fact.Kind), fact.Fact.Subtype,
            fact.Fact.OccurredAt, value.SignedAmount, WireName.Of(value.Effect), weight);

    private static TransactionKind? ParseKind(string? kind) =>
        kind is null ? null
        : Enum.TryParse<TransactionKind>(kind, ignoreCase: true, out var parsed) && !int.TryParse(kind, out _) ? parsed
        : throw new ClientInputException("kind", "kind must be monetary, informational, logistical or emotional.", "unknown_kind");
}
