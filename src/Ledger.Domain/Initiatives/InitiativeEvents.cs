using Ledger.Domain.Common;

namespace Ledger.Domain.Initiatives;

public abstract record InitiativeEvent(Guid InitiativeId);

public sealed record InitiativeLaunched(
    Guid InitiativeId,
    string Name,
    Guid OwnerId,
    string Hypothesis,
    DateTimeOffset StartsAt,
    DateTimeOffset? PlannedEndAt) : InitiativeEvent(InitiativeId);

public sealed record InitiativeCostIncurred(
    Guid InitiativeId,
    Guid CostId,
    Money Cost,
    CostCategory Category,
    DateTimeOffset IncurredAt) : InitiativeEvent(InitiativeId);

public sealed record InitiativeEnded(Guid InitiativeId, DateTimeOffset EndedAt) : InitiativeEvent(InitiativeId);
