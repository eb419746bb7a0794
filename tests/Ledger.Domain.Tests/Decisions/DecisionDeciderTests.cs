using Ledger.Domain.Common;
using Ledger.Domain.Decisions;
using Ledger.Domain.Tests.Support;
using static Ledger.Domain.Tests.Support.Samples;

namespace Ledger.Domain.Tests.Decisions;

public class DecisionDeciderTests
{
    private static readonly Guid DecisionId = new("de000000-0000-0000-0000-000000000001");
    private static readonly Guid EarlierDecisionId = new("de000000-0000-0000-0000-000000000000");
    private static readonly Guid SnapshotId = new("5e000000-0000-0000-0000-000000000001");

    private static readonly EntityRef[] Lineage =
    [
        new(EntityKind.Interaction, InteractionId),
        new(EntityKind.Conversation, ConversationId),
        new(EntityKind.Decision, EarlierDecisionId),
        new(EntityKind.ReportSnapshot, SnapshotId),
    ];

    private static DeciderSpec<DecisionCommand, DecisionEvent, DecisionState> Spec(ReferenceExists? exists = null) =>
        DeciderSpec.For<DecisionCommand, DecisionEvent, DecisionState>(
            (c, s) => DecisionDecider.Decide(c, s, exists ?? Known.Everything), DecisionDecider.Evolve, DecisionDecider.Initial);

    private static RecordDecision Record() =>
        new(DecisionId, "Keep the forum", "Forum answers compound.", Alice, T0, Lineage, EarlierDecisionId);

    private static DecisionRecorded Recorded() =>
        new(DecisionId, "Keep the forum", "Forum answers compound.", Alice, T0, Lineage, EarlierDecisionId);

    [Fact]
    public void Records_a_decision_with_its_lineage() =>
        Spec().When(Record()).Then(Recorded());

    [Fact]
    public void Deduplicates_the_lineage() =>
        Spec().When(Record() with { InformedBy = [.. Lineage, .. Lineage] }).Then(Recorded());

    [Fact]
    public void Records_a_decision_informed_by_nothing_recorded() =>
        Spec().When(Record() with { InformedBy = null, Supersedes = null })
            .Then(Recorded() with { InformedBy = [], Supersedes = null });

    [Fact]
    public void Recording_the_same_decision_twice_is_a_no_op() =>
        Spec().Given(Recorded()).When(Record()).ThenNothing();

    [Fact]
    public void Rejects_recording_an_existing_decision_differently() =>
        Spec().Given(Recorded()).When(Record() with { InformedBy = Lineage[..2] })
            .ThenThrows("decision_already_recorded", DomainErrorKind.Conflict);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Rejects_a_decision_informed_by_something_that_does_not_exist(int missing) =>
        Spec(Known.AllBut(Lineage[missing])).When(Record()).ThenThrows("unknown_reference", DomainErrorKind.NotFound);

    [Fact]
    public void Rejects_superseding_an_unknown_decision() =>
        Spec(Known.AllBut(new EntityRef(EntityKind.Decision, EarlierDecisionId))).When(Record() with { InformedBy = [] })
            .ThenThrows("unknown_decision", DomainErrorKind.NotFound);

    [Fact]
    public void Rejects_a_decision_by_an_unregistered_participant() =>
        Spec(Known.AllBut(new EntityRef(EntityKind.Participant, Alice))).When(Record())
            .ThenThrows("unknown_participant", DomainErrorKind.NotFound);

    [Fact]
    public void Rejects_lineage_of_a_kind_that_cannot_inform_a_decision() =>
        Spec().When(Record() with { InformedBy = [new EntityRef(EntityKind.Participant, Bob)] })
            .ThenRejectsField("informedBy[0].kind", "invalid_lineage_kind");

    [Fact]
    public void Rejects_a_decision_informed_by_itself() =>
        Spec().When(Record() with { InformedBy = [new EntityRef(EntityKind.Decision, DecisionId)] })
            .ThenRejectsField("informedBy[0]", "informed_by_self");

    [Fact]
    public void Rejects_more_than_one_hundred_lineage_references() =>
        Spec().When(Record() with { InformedBy = [.. Enumerable.Range(1, 101).Select(i => new EntityRef(EntityKind.Interaction, new Guid(i, 0, 0, new byte[8])))] })
            .ThenRejectsField("informedBy", "too_many");

    [Fact]
    public void Rejects_a_decision_superseding_itself() =>
        Spec().When(Record() with { Supersedes = DecisionId }).ThenRejectsField("supersedes", "supersedes_self");

    [Fact]
    public void Rejects_a_decision_without_title() =>
        Spec().When(Record() with { Title = "" }).ThenRejectsField("title", "required");

    [Fact]
    public void Rejects_a_title_longer_than_two_hundred_characters() =>
        Spec().When(Record() with { Title = new string('t', 201) }).ThenRejectsField("title", "too_long");

    [Fact]
    public void Rejects_a_decision_without_rationale() =>
        Spec().When(Record() with { Rationale = " " }).ThenRejectsField("rationale", "required");

    [Fact]
    public void Rejects_a_rationale_longer_than_four_thousand_characters() =>
        Spec().When(Record() with { Rationale = new string('r', 4001) }).ThenRejectsField("rationale", "too_long");

    [Fact]
    public void Marks_an_earlier_decision_as_superseded() =>
        Spec().Given(Recorded()).When(new SupersedeDecision(DecisionId, Bob, T0.AddDays(1)))
            .Then(new DecisionSuperseded(DecisionId, Bob, T0.AddDays(1)));

    [Fact]
    public void Superseding_twice_by_the_same_decision_is_a_no_op() =>
        Spec().Given(Recorded(), new DecisionSuperseded(DecisionId, Bob, T0)).When(new SupersedeDecision(DecisionId, Bob, T0.AddDays(1)))
            .ThenNothing();

    [Fact]
    public void Rejects_superseding_a_decision_already_superseded_by_another() =>
        Spec().Given(Recorded(), new DecisionSuperseded(DecisionId, Bob, T0)).When(new SupersedeDecision(DecisionId, Carol, T0))
            .ThenThrows("decision_already_superseded", DomainErrorKind.Conflict);

    [Fact]
    public void Rejects_marking_an_unknown_decision_as_superseded() =>
        Spec().When(new SupersedeDecision(DecisionId, Bob, T0)).ThenThrows("decision_not_found", DomainErrorKind.NotFound);

    [Fact]
    public void Rejects_a_successor_that_does_not_exist() =>
        Spec(Known.Nothing).Given(Recorded()).When(new SupersedeDecision(DecisionId, Bob, T0)).ThenThrows("unknown_decision", DomainErrorKind.NotFound);

    [Fact]
    public void Rejects_a_decision_superseded_by_itself() =>
        Spec().Given(Recorded()).When(new SupersedeDecision(DecisionId, DecisionId, T0)).ThenRejectsField("supersededBy", "invalid_successor");
}
