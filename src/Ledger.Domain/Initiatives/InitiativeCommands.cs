using Ledger.Domain.Common;

namespace Ledger.Domain.Initiatives;

public enum CostCategory
{
    People,
    Software,
    Hardware,
    Services,
    Travel,
    Marketing,
    Other,
}

/// <summary>Commands on an initiative: an investment that ROI is measured against.</summary>
public abstract record InitiativeCommand(Guid InitiativeId);

/// <param name="OwnerId">A registered participant accountable for the initiative.</param>
/// <param name="Hypothesis">The stated hypothesis or expected outcome, at most 4000 characters.</param>
/// <param name="PlannedEndAt">When it is expected to end; the actual end is <see cref="EndInitiative"/>.</param>
public sealed record LaunchInitiative(
    Guid InitiativeId,
    string Name,
    Guid OwnerId,
    string Hypothesis,
    DateTimeOffset StartsAt,
    DateTimeOffset? PlannedEndAt) : InitiativeCommand(InitiativeId);

/// <param name="CostId">Identifies the cost line, so that a retried command is not counted twice.</param>
public sealed record IncurInitiativeCost(
    Guid InitiativeId,
    Guid CostId,
    Money Cost,
    CostCategory Category,
    DateTimeOffset IncurredAt) : InitiativeCommand(InitiativeId);

public sealed record EndInitiative(Guid InitiativeId, DateTimeOffset EndedAt) : InitiativeCommand(InitiativeId);
