namespace Ledger.Domain.Common;

/// <summary>What an <see cref="EntityRef"/> points at.</summary>
public enum EntityKind
{
    Participant,
    Initiative,
    Conversation,
    Interaction,

    /// <summary>An interaction whose effective (corrected, not voided) classification is informational.</summary>
    InformationalInteraction,
    Decision,
    ReportSnapshot,
}

/// <summary>A typed reference to something recorded in the ledger, by id only.</summary>
public readonly record struct EntityRef(EntityKind Kind, Guid Id)
{
    public override string ToString() => $"{Kind}:{Id:N}";
}

/// <summary>
/// Answers "is this recorded in the ledger?" for references that live outside the aggregate being decided
/// (participants, other conversations' interactions, decisions, report snapshots).
/// The caller resolves it from read models before deciding; deciders stay pure and tests pass a set.
/// </summary>
public delegate bool ReferenceExists(EntityRef reference);
