using System.Collections.Immutable;
using Ledger.Domain.Common;

namespace Ledger.Domain.Initiatives;

/// <summary>
/// Decider for initiatives. The owner must be a registered participant, which the caller answers through
/// <see cref="ReferenceExists"/> with <see cref="EntityKind.Participant"/>.
/// </summary>
public static class InitiativeDecider
{
    public const int MaxNameLength = 200;
    public const int MaxHypothesisLength = 4_000;

    public static InitiativeState Initial { get; } = new InitiativeState.Initial();

    public static IReadOnlyList<InitiativeEvent> Decide(InitiativeCommand command, InitiativeState state, ReferenceExists exists) =>
        command switch
        {
            LaunchInitiative c => Launch(c, state, exists),
            IncurInitiativeCost c => Incur(c, state),
            EndInitiative c => End(c, state),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown command."),
        };

    public static InitiativeState Evolve(InitiativeState state, InitiativeEvent @event) =>
        (state, @event) switch
        {
            (InitiativeState.Initial, InitiativeLaunched e) => new InitiativeState.Active(e, ImmutableDictionary<Guid, InitiativeCostIncurred>.Empty),
            (InitiativeState.Launched s, InitiativeCostIncurred e) => s with { Costs = s.Costs.SetItem(e.CostId, e) },
            (InitiativeState.Active s, InitiativeEnded e) => new InitiativeState.Ended(s.Launch, s.Costs, e.EndedAt),
            _ => state,
        };

    private static InitiativeEvent[] Launch(LaunchInitiative c, InitiativeState state, ReferenceExists exists)
    {
        var checks = new Checks();
        checks.Id("initiativeId", c.InitiativeId);
        var name = checks.Text("name", c.Name, MaxNameLength);
        checks.Id("ownerId", c.OwnerId);
        var hypothesis = checks.Text("hypothesis", c.Hypothesis, MaxHypothesisLength);
        checks.That(c.PlannedEndAt is not { } end || end >= c.StartsAt, "plannedEndAt", "end_before_start", "The planned end cannot precede the start.");
        checks.ThrowIfAny("The initiative is invalid.");

        var launched = new InitiativeLaunched(c.InitiativeId, name!, c.OwnerId, hypothesis!, c.StartsAt, c.PlannedEndAt);
        if (state is InitiativeState.Launched s)
        {
            return s.Launch == launched
                ? []
                : throw DomainException.Conflict("initiative_already_launched", $"Initiative {c.InitiativeId} was already launched differently.");
        }

        if (!exists(new EntityRef(EntityKind.Participant, c.OwnerId)))
            throw DomainException.NotFound("unknown_participant", $"Owner {c.OwnerId} is not a registered participant.");
        return [launched];
    }

    private static InitiativeEvent[] Incur(IncurInitiativeCost c, InitiativeState state)
    {
        var checks = new Checks();
        checks.Id("costId", c.CostId);
        checks.AddRange(Money.Validate(c.Cost.Amount, c.Cost.Currency, "cost."));
        checks.Defined("category", c.Category);
        checks.ThrowIfAny("The cost is invalid.");

        if (state is not InitiativeState.Launched s)
            throw NotFound(c.InitiativeId);
        var incurred = new InitiativeCostIncurred(c.InitiativeId, c.CostId, c.Cost.Normalised(), c.Category, c.IncurredAt);
        if (s.Costs.TryGetValue(c.CostId, out var earlier))
        {
            return earlier == incurred
                ? []
                : throw DomainException.Conflict("cost_already_recorded", $"Cost {c.CostId} was already recorded differently.");
        }

        if (s is InitiativeState.Ended)
            throw DomainException.Conflict("initiative_ended", $"Initiative {c.InitiativeId} has ended.");
        if (c.IncurredAt < s.Launch.StartsAt)
            throw DomainException.Conflict("cost_before_initiative_start", "A cost cannot be incurred before the initiative starts.");
        return [incurred];
    }

    private static InitiativeEvent[] End(EndInitiative c, InitiativeState state) => state switch
    {
        InitiativeState.Ended => [],
        InitiativeState.Active s when c.EndedAt < s.Launch.StartsAt =>
            throw DomainException.Conflict("end_before_start", "An initiative cannot end before it starts."),
        InitiativeState.Active => [new InitiativeEnded(c.InitiativeId, c.EndedAt)],
        _ => throw NotFound(c.InitiativeId),
    };

    private static DomainException NotFound(Guid initiativeId) =>
        DomainException.NotFound("initiative_not_found", $"Initiative {initiativeId} does not exist.");
}
