using Ledger.Domain.Common;
using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;
using Ledger.Domain.Tests.Support;
using static Ledger.Domain.Tests.Support.Samples;

namespace Ledger.Domain.Tests.Interactions;

public class InteractionBatchTests
{
    private static DeciderSpec<ConversationCommand, ConversationEvent, ConversationState> Spec() =>
        Specs.Conversation(Known.Nothing).Given(Opened());

    private static RecordInteractions Batch(params NewInteraction[] interactions) => new(ConversationId, interactions);

    private static NewInteraction Numbered(int i) =>
        Interaction(new Guid(i, 0, 0, new byte[8])) with { OccurredAt = T0.AddMinutes(i) };

    [Fact]
    public void Records_a_batch_as_one_event_per_interaction() =>
        Spec().When(Batch(Numbered(1), Numbered(2), Numbered(3))).Then(Recorded(Numbered(1)), Recorded(Numbered(2)), Recorded(Numbered(3)));

    [Fact]
    public void Rejects_a_whole_batch_when_one_interaction_is_invalid()
    {
        var error = Spec().When(Batch(Numbered(1), Numbered(2) with { Payload = Revenue(0m) }, Numbered(3)))
            .ThenRejectsField("interactions[1].payload.amount", "non_positive_amount");
        error.Errors.Count.ShouldBe(1);
    }

    [Fact]
    public void Rejects_a_whole_batch_when_one_interaction_breaks_a_rule() =>
        Spec().When(Batch(Numbered(1), Numbered(2) with { SenderId = Outsider }, Numbered(3)))
            .ThenThrows("sender_not_in_conversation", DomainErrorKind.Conflict);

    [Fact]
    public void Rejects_an_empty_batch() =>
        Spec().When(Batch()).ThenRejectsField("interactions", "required");

    [Fact]
    public void Accepts_a_batch_of_one_thousand() =>
        Spec().When(Batch([.. Enumerable.Range(1, 1000).Select(Numbered)])).Then([.. Enumerable.Range(1, 1000).Select(i => Recorded(Numbered(i)))]);

    [Fact]
    public void Rejects_a_batch_of_more_than_one_thousand() =>
        Spec().When(Batch([.. Enumerable.Range(1, 1001).Select(Numbered)])).ThenRejectsField("interactions", "batch_too_large");

    [Fact]
    public void Rejects_the_same_interaction_id_twice_in_a_batch() =>
        Spec().When(Batch(Numbered(1), Numbered(1))).ThenRejectsField("interactions[1].interactionId", "duplicate_interaction_id");

    [Fact]
    public void Skips_interactions_of_a_retried_batch_that_were_already_recorded() =>
        Spec().Given(Recorded(Numbered(1))).When(Batch(Numbered(1), Numbered(2))).Then(Recorded(Numbered(2)));

    [Fact]
    public void An_informational_interaction_builds_on_an_earlier_one_in_the_same_batch() =>
        Spec().When(Batch(Interaction(InteractionId, Answer()), Interaction(OtherInteractionId, Answer(InteractionId))))
            .Then(Recorded(InteractionId, Answer()), Recorded(OtherInteractionId, Answer(InteractionId)));
}
