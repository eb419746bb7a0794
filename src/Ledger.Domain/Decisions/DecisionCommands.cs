using Ledger.Domain.Common;

namespace Ledger.Domain.Decisions;

public abstract record DecisionCommand(Guid DecisionId);

/// <param name="Rationale">The why, as stated by whoever decided; at most 4000 characters.</param>
/// <param name="DecidedBy">A registered participant.</param>
/// <param name="InformedBy">
/// The lineage auditors follow: interactions, conversations, earlier decisions and report snapshots
/// (<see cref="DecisionDecider.LineageKinds"/>); each must exist.
/// </param>
/// <param name="Supersedes">An earlier decision this one replaces; it must exist.</param>
public sealed record RecordDecision(
    Guid DecisionId,
    string Title,
    string Rationale,
    Guid DecidedBy,
    DateTimeOffset DecidedAt,
    IReadOnlyList<EntityRef>? InformedBy,
    Guid? Supersedes) : DecisionCommand(DecisionId);

/// <summary>
/// Marks this (earlier) decision as replaced by <paramref name="SupersededBy"/>. Sent to the superseded
/// decision's stream after the new decision is recorded with <see cref="RecordDecision.Supersedes"/>.
/// </summary>
public sealed record SupersedeDecision(Guid DecisionId, Guid SupersededBy, DateTimeOffset SupersededAt)
    : DecisionCommand(DecisionId);
