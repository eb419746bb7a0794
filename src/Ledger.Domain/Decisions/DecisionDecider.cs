using Ledger.Domain.Common;

namespace Ledger.Domain.Decisions;

/// <summary>
/// Decider for decisions. What informed a decision lives in other streams, so its existence is answered by
/// the <see cref="ReferenceExists"/> the caller resolves from read models: a reference that is not recorded
/// in the ledger is refused with <c>unknown_reference</c>, a superseded decision that does not exist with
/// <c>unknown_decision</c>.
/// </summary>
public static class DecisionDecider
{
    public const int MaxTitleLength = 200;
    public const int MaxRationaleLength = 4_000;
    public const int MaxLineage = 100;

    /// <summary>What may inform a decision.</summary>
    public static IReadOnlyList<EntityKind> LineageKinds { get; } =
        [EntityKind.Interaction, EntityKind.Conversation, EntityKind.Decision, EntityKind.ReportSnapshot];

    public static DecisionState Initial { get; } = new DecisionState.Initial();

    public static IReadOnlyList<DecisionEvent> Decide(DecisionCommand command, DecisionState state, ReferenceExists exists) =>
        command switch
        {
            RecordDecision c => Record(c, state, exists),
            SupersedeDecision c => Supersede(c, state, exists),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown command."),
        };

    public static DecisionState Evolve(DecisionState state, DecisionEvent @event) =>
        (state, @event) switch
        {
            (DecisionState.Initial, DecisionRecorded e) => new DecisionState.Recorded(e, null),
            (DecisionState.Recorded s, DecisionSuperseded e) => s with { SupersededBy = e.SupersededBy },
            _ => state,
        };

    private static DecisionEvent[] Record(RecordDecision c, DecisionState state, ReferenceExists exists)
    {
        var checks = new Checks();
        checks.Id("decisionId", c.DecisionId);
        var title = checks.Text("title", c.Title, MaxTitleLength);
        var rationale = checks.Text("rationale", c.Rationale, MaxRationaleLength);
        checks.Id("decidedBy", c.DecidedBy);
        var lineage = (c.InformedBy ?? []).Distinct().ToArray();
        checks.That(lineage.Length <= MaxLineage, "informedBy", "too_many", $"At most {MaxLineage} references.");
        for (var i = 0; i < lineage.Length; i++)
        {
            checks.That(LineageKinds.Contains(lineage[i].Kind), $"informedBy[{i}].kind", "invalid_lineage_kind",
                $"A decision cannot be informed by a {lineage[i].Kind}.");
            checks.Id($"informedBy[{i}].id", lineage[i].Id);
            checks.That(lineage[i] != new EntityRef(EntityKind.Decision, c.DecisionId), $"informedBy[{i}]", "informed_by_self",
                "A decision cannot be informed by itself.");
        }

        checks.That(c.Supersedes != Guid.Empty, "supersedes", "empty_id", "Must be a non-empty id when present.");
        checks.That(c.Supersedes != c.DecisionId, "supersedes", "supersedes_self", "A decision cannot supersede itself.");
        checks.ThrowIfAny("The decision is invalid.");

        var recorded = new DecisionRecorded(c.DecisionId, title!, rationale!, c.DecidedBy, c.DecidedAt, lineage, c.Supersedes);
        if (state is DecisionState.Recorded { Decision: var earlier })
        {
            return earlier with { InformedBy = lineage } == recorded && earlier.InformedBy.SequenceEqual(lineage)
                ? []
                : throw DomainException.Conflict("decision_already_recorded", $"Decision {c.DecisionId} was already recorded differently.");
        }

        if (!exists(new EntityRef(EntityKind.Participant, c.DecidedBy)))
            throw DomainException.NotFound("unknown_participant", $"Participant {c.DecidedBy} is not registered.");
        foreach (var reference in lineage)
        {
            if (!exists(reference))
                throw DomainException.NotFound("unknown_reference", $"{reference.Kind} {reference.Id} does not exist.");
        }

        if (c.Supersedes is { } superseded && !exists(new EntityRef(EntityKind.Decision, superseded)))
            throw DomainException.NotFound("unknown_decision", $"Decision {superseded} does not exist.");
        return [recorded];
    }

    private static DecisionEvent[] Supersede(SupersedeDecision c, DecisionState state, ReferenceExists exists)
    {
        if (c.SupersededBy == Guid.Empty || c.SupersededBy == c.DecisionId)
            throw DomainException.Invalid("invalid_successor", "supersededBy", "A decision must be superseded by another decision.");
        if (state is not DecisionState.Recorded s)
            throw DomainException.NotFound("decision_not_found", $"Decision {c.DecisionId} does not exist.");
        if (s.SupersededBy == c.SupersededBy)
            return [];
        if (s.SupersededBy is { } other)
            throw DomainException.Conflict("decision_already_superseded", $"Decision {c.DecisionId} was already superseded by {other}.");
        if (!exists(new EntityRef(EntityKind.Decision, c.SupersededBy)))
            throw DomainException.NotFound("unknown_decision", $"Decision {c.SupersededBy} does not exist.");
        return [new DecisionSuperseded(c.DecisionId, c.SupersededBy, c.SupersededAt)];
    }
}
