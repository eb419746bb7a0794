using Ledger.Domain.Common;
using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;
using Ledger.Domain.Tests.Support;
using static Ledger.Domain.Tests.Support.Samples;

namespace Ledger.Domain.Tests.Interactions;

public class InteractionCorrectionTests
{
    private static DeciderSpec<ConversationCommand, ConversationEvent, ConversationState> Spec(ReferenceExists? exists = null) =>
        Specs.Conversation(exists ?? Known.Everything).Given(Opened(), Recorded());

    private static ReclassifyInteraction Reclassify(TransactionPayload payload, Guid? id = null) =>
        new(ConversationId, id ?? InteractionId, payload, Manual, "was a thank-you", Carol, T0.AddDays(2));

    private static VoidInteraction Void(Guid? id = null) =>
        new(ConversationId, id ?? InteractionId, "duplicate import", Carol, T0.AddDays(2));

    [Fact]
    public void Reclassifies_an_interaction_to_another_kind() =>
        Spec().When(Reclassify(Gratitude())).Then(Reclassified(Gratitude()));

    [Fact]
    public void Reclassifies_an_interaction_of_a_closed_conversation() =>
        Spec().Given(Closed()).When(Reclassify(Gratitude())).Then(Reclassified(Gratitude()));

    [Fact]
    public void Reclassifying_to_the_current_payload_is_a_no_op() =>
        Spec().Given(Reclassified(Gratitude())).When(Reclassify(Gratitude())).ThenNothing();

    [Fact]
    public void Reclassifying_to_the_original_payload_after_a_correction_is_recorded() =>
        Spec().Given(Reclassified(Gratitude())).When(Reclassify(Revenue())).Then(Reclassified(Revenue()));

    [Fact]
    public void Rejects_reclassifying_an_unknown_interaction() =>
        Spec().When(Reclassify(Gratitude(), OtherInteractionId)).ThenThrows("interaction_not_found", DomainErrorKind.NotFound);

    [Fact]
    public void Rejects_reclassifying_in_an_unknown_conversation() =>
        Specs.Conversation(Known.Everything)
            .When(Reclassify(Gratitude())).ThenThrows("conversation_not_found", DomainErrorKind.NotFound);

    [Fact]
    public void Rejects_reclassifying_a_voided_interaction() =>
        Spec().Given(Voided()).When(Reclassify(Gratitude())).ThenThrows("interaction_voided", DomainErrorKind.Conflict);

    [Fact]
    public void Rejects_reclassifying_to_an_invalid_payload() =>
        Spec().When(Reclassify(Gratitude(valence: 3m))).ThenRejectsField("payload.valence", "valence_out_of_range");

    [Fact]
    public void Rejects_reclassifying_without_a_reason() =>
        Spec().When(Reclassify(Gratitude()) with { Reason = " " }).ThenRejectsField("reason", "required");

    [Fact]
    public void Rejects_a_reason_longer_than_one_thousand_characters() =>
        Spec().When(Reclassify(Gratitude()) with { Reason = new string('r', 1001) }).ThenRejectsField("reason", "too_long");

    [Fact]
    public void Rejects_a_reclassification_by_an_unregistered_participant() =>
        Spec(Known.Nothing).When(Reclassify(Gratitude())).ThenThrows("unknown_participant", DomainErrorKind.NotFound);

    [Fact]
    public void Rejects_reclassifying_to_build_on_an_unknown_interaction() =>
        Spec(Known.Only(new EntityRef(EntityKind.Participant, Carol))).When(Reclassify(Answer(OtherInteractionId)))
            .ThenThrows("unknown_builds_on", DomainErrorKind.NotFound);

    [Fact]
    public void Rejects_reclassifying_to_build_on_itself() =>
        Spec().When(Reclassify(Answer(InteractionId))).ThenRejectsField("payload.buildsOn", "builds_on_self");

    [Fact]
    public void Voids_an_interaction() =>
        Spec().When(Void()).Then(Voided());

    [Fact]
    public void Voiding_twice_is_a_no_op() =>
        Spec().Given(Voided()).When(Void() with { VoidedAt = T0.AddDays(9) }).ThenNothing();

    [Fact]
    public void Rejects_voiding_an_unknown_interaction() =>
        Spec().When(Void(OtherInteractionId)).ThenThrows("interaction_not_found", DomainErrorKind.NotFound);

    [Fact]
    public void Rejects_voiding_without_a_reason() =>
        Spec().When(Void() with { Reason = "" }).ThenRejectsField("reason", "required");

    [Fact]
    public void Rejects_a_void_by_an_unregistered_participant() =>
        Spec(Known.Nothing).When(Void()).ThenThrows("unknown_participant", DomainErrorKind.NotFound);

    [Fact]
    public void Rejects_re_recording_a_voided_interaction_with_other_content() =>
        Spec().Given(Voided()).When(new RecordInteraction(ConversationId, Interaction(payload: Gratitude())))
            .ThenThrows("interaction_already_recorded", DomainErrorKind.Conflict);
}
