using System.Collections.Immutable;

namespace Ledger.Domain.Initiatives;

public abstract record InitiativeState
{
    private InitiativeState()
    {
    }

    public sealed record Initial : InitiativeState;

    /// <summary>An initiative that was launched, whether or not it has ended.</summary>
    public abstract record Launched : InitiativeState
    {
        private protected Launched(InitiativeLaunched launch, ImmutableDictionary<Guid, InitiativeCostIncurred> costs)
        {
            Launch = launch;
            Costs = costs;
        }

        public InitiativeLaunched Launch { get; init; }

        /// <summary>Costs by cost id.</summary>
        public ImmutableDictionary<Guid, InitiativeCostIncurred> Costs { get; init; }
    }

    public sealed record Active(InitiativeLaunched Launch, ImmutableDictionary<Guid, InitiativeCostIncurred> Costs)
        : Launched(Launch, Costs);

    public sealed record Ended(InitiativeLaunched Launch, ImmutableDictionary<Guid, InitiativeCostIncurred> Costs, DateTimeOffset EndedAt)
        : Launched(Launch, Costs);
}
