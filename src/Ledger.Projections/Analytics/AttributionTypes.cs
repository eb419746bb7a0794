namespace Ledger.Projections.Analytics;

/// <summary>An earlier interaction with an external counterpart, in a conversation that may belong to an initiative.</summary>
public sealed record Touchpoint(
    Guid InteractionId,
    Guid CounterpartId,
    Guid ConversationId,
    Guid? InitiativeId,
    DateTimeOffset OccurredAt);

/// <summary>A monetary outcome (a revenue interaction) with a counterpart; <paramref name="Amount"/> is in the
/// attribution's currency, unrounded (it is rounded to the minor unit before it is split).</summary>
public sealed record AttributionOutcome(Guid InteractionId, Guid CounterpartId, DateTimeOffset OccurredAt, decimal Amount);

/// <summary>The part of an outcome credited to one touchpoint.</summary>
public sealed record AttributedShare(
    Guid InteractionId,
    Guid ConversationId,
    Guid? InitiativeId,
    DateTimeOffset OccurredAt,
    decimal Amount);

/// <summary>
/// One outcome split over its touchpoints (earliest first). <paramref name="Amount"/> is the outcome rounded to
/// the minor unit and equals the sum of <paramref name="Shares"/> plus <paramref name="Unattributed"/> exactly;
/// <paramref name="Unattributed"/> is the whole amount when no touchpoint fell in the window, else 0.
/// </summary>
public sealed record OutcomeAttribution(
    AttributionOutcome Outcome,
    decimal Amount,
    IReadOnlyList<AttributedShare> Shares,
    decimal Unattributed);

/// <summary>
/// Attribution of many outcomes. Reconciles exactly: <c>Total = Σ ByConversation + Unattributed
/// = Σ ByInitiative + WithoutInitiative + Unattributed</c>.
/// </summary>
/// <param name="ByConversation">Credited amount per conversation.</param>
/// <param name="ByInitiative">Credited amount per initiative, for touchpoints in conversations of an initiative.</param>
/// <param name="WithoutInitiative">Credited to touchpoints in conversations without an initiative.</param>
/// <param name="Unattributed">Outcomes with no touchpoint in the lookback window.</param>
/// <param name="Total">Sum of the rounded outcome amounts.</param>
public sealed record AttributionResult(
    string Currency,
    IReadOnlyList<OutcomeAttribution> Outcomes,
    IReadOnlyDictionary<Guid, decimal> ByConversation,
    IReadOnlyDictionary<Guid, decimal> ByInitiative,
    decimal WithoutInitiative,
    decimal Unattributed,
    decimal Total);
