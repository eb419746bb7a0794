using Ledger.Domain.Common;

namespace Ledger.Domain.Decisions;

public abstract record DecisionEvent(Guid DecisionId);

public sealed record DecisionRecorded(
    Guid DecisionId,
    string Title,
    string Rationale,
    Guid DecidedBy,
    DateTimeOffset DecidedAt,
    IReadOnlyList<EntityRef> InformedBy,
    Guid? Supersedes) : DecisionEvent(DecisionId);

public sealed record DecisionSuperseded(Guid DecisionId, Guid SupersededBy, DateTimeOffset SupersededAt)
    : DecisionEvent(DecisionId);
