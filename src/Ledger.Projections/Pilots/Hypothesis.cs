using Ledger.Domain.Interactions;
using Ledger.Projections.Analytics;

namespace Ledger.Projections.Pilots;

/// <summary>
/// A hypothesis is data: what to change when replaying the history pinned at <see cref="PinnedPosition"/> (0: the
/// API pins the head when the run starts).
/// Every part is optional; an empty hypothesis reproduces the baseline exactly.
/// </summary>
/// <param name="Valuation">Another valuation model.</param>
/// <param name="Attribution">Another attribution model or parameters.</param>
/// <param name="Only">Keep only the transactions matching this filter.</param>
/// <param name="Drop">Counterfactual: drop the transactions matching this filter.</param>
/// <param name="ScaleCosts">Counterfactual: multiply an initiative's costs by a factor.</param>
/// <param name="Add">Counterfactual: hypothetical transactions (always marked as such in the results).</param>
public sealed record Hypothesis(
    string Name,
    string Statement,
    long PinnedPosition = 0,
    ValuationModel? Valuation = null,
    AttributionSettings? Attribution = null,
    TransactionFilter? Only = null,
    TransactionFilter? Drop = null,
    IReadOnlyList<CostScale>? ScaleCosts = null,
    IReadOnlyList<HypotheticalTransaction>? Add = null);

/// <summary>Attribution model name (firstTouch, lastTouch, linear, timeDecay, positionBased), half-life and lookback.</summary>
public sealed record AttributionSettings(string Model = "linear", double? HalfLifeDays = null, int LookbackDays = 90)
{
    public static AttributionSettings Default { get; } = new();

    public AttributionModel ToModel() =>
        Model.ToLowerInvariant() switch
        {
            "firsttouch" => AttributionModel.FirstTouch,
            "lasttouch" => AttributionModel.LastTouch,
            "linear" => AttributionModel.Linear,
            "positionbased" => AttributionModel.PositionBased,
            "timedecay" when HalfLifeDays is > 0 => AttributionModel.TimeDecay(TimeSpan.FromDays(HalfLifeDays.Value)),
            _ => throw new ArgumentException($"Unknown attribution model '{Model}' (timeDecay needs halfLifeDays > 0)."),
        };
}

/// <summary>Matches transactions: every given criterion must hold (an empty list or null matches everything).</summary>
public sealed record TransactionFilter(
    IReadOnlyList<string>? Channels = null,
    IReadOnlyList<string>? Departments = null,
    IReadOnlyList<Guid>? Initiatives = null,
    IReadOnlyList<Guid>? Counterparts = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null);

public sealed record CostScale(Guid InitiativeId, decimal Factor);

/// <summary>A transaction that did not happen, added to see what it would change.</summary>
public sealed record HypotheticalTransaction(
    TransactionPayload Payload,
    DateTimeOffset OccurredAt,
    Guid SenderId,
    IReadOnlyList<Guid> ReceiverIds,
    Guid? InitiativeId = null,
    string Channel = "other",
    string? Department = null,
    Guid? CounterpartId = null);
