using Ledger.Domain.Common;
using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;
using Ledger.Domain.Tests.Support;
using static Ledger.Domain.Tests.Support.Samples;

namespace Ledger.Domain.Tests.Interactions;

public class InteractionRecordingTests
{
    private static DeciderSpec<ConversationCommand, ConversationEvent, ConversationState> Spec(ReferenceExists? exists = null) =>
        Specs.Conversation(exists ?? Known.Nothing).Given(Opened());

    private static RecordInteraction Record(NewInteraction interaction) => new(ConversationId, interaction);

    [Fact]
    public void Records_an_interaction() =>
        Spec().When(Record(Interaction())).Then(Recorded());

    [Fact]
    public void Normalises_hash_currency_text_and_receivers() =>
        Spec().When(Record(Interaction() with
        {
            ContentHash = Hash.ToUpperInvariant(),
            ReceiverIds = [Bob, Bob],
            Source = new SourceRef(" gmail ", " msg-1 "),
            Payload = new MonetaryPayload(1200m, " eur", MoneyDirection.Revenue, " invoice:INV-17 "),
        })).Then(Recorded());

    [Fact]
    public void Recording_the_same_interaction_twice_is_a_no_op() =>
        Spec().Given(Recorded()).When(Record(Interaction())).ThenNothing();

    [Fact]
    public void Rejects_reusing_an_interaction_id_for_different_content() =>
        Spec().Given(Recorded()).When(Record(Interaction() with { ContentHash = new string('0', 64) }))
            .ThenThrows("interaction_already_recorded", DomainErrorKind.Conflict);

    [Fact]
    public void Rejects_an_interaction_on_an_unknown_conversation() =>
        Specs.Conversation(Known.Everything)
            .When(Record(Interaction())).ThenThrows("conversation_not_found", DomainErrorKind.NotFound);

    [Fact]
    public void Rejects_an_interaction_on_a_closed_conversation() =>
        Spec().Given(Closed()).When(Record(Interaction())).ThenThrows("conversation_closed", DomainErrorKind.Conflict);

    [Fact]
    public void Accepts_an_interaction_once_the_conversation_is_reopened() =>
        Spec().Given(Closed(), new ConversationReopened(ConversationId, T0)).When(Record(Interaction())).Then(Recorded());

    [Fact]
    public void Rejects_a_sender_who_is_not_in_the_conversation() =>
        Spec().When(Record(Interaction() with { SenderId = Outsider })).ThenThrows("sender_not_in_conversation", DomainErrorKind.Conflict);

    [Fact]
    public void Rejects_a_sender_who_has_left_the_conversation() =>
        Spec().Given(new ParticipantLeft(ConversationId, Alice, T0)).When(Record(Interaction()))
            .ThenThrows("sender_not_in_conversation", DomainErrorKind.Conflict);

    [Fact]
    public void Rejects_a_receiver_who_is_not_in_the_conversation() =>
        Spec().When(Record(Interaction() with { ReceiverIds = [Bob, Outsider] })).ThenThrows("receiver_not_in_conversation", DomainErrorKind.Conflict);

    [Fact]
    public void Accepts_a_receiver_who_joined_later() =>
        Spec().Given(new ParticipantJoined(ConversationId, Carol, T0)).When(Record(Interaction() with { ReceiverIds = [Carol] }))
            .Then(Recorded(Interaction() with { ReceiverIds = [Carol] }));

    [Fact]
    public void Rejects_an_interaction_without_receivers() =>
        Spec().When(Record(Interaction() with { ReceiverIds = [] })).ThenRejectsField("interaction.receiverIds", "required");

    [Fact]
    public void Rejects_a_sender_who_is_also_a_receiver() =>
        Spec().When(Record(Interaction() with { ReceiverIds = [Alice, Bob] })).ThenRejectsField("interaction.receiverIds", "receiver_is_sender");

    [Theory]
    [InlineData("")]
    [InlineData("not-a-hash")]
    [InlineData("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0")]
    [InlineData("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0g")]
    public void Rejects_a_content_hash_that_is_not_a_sha256_hex_digest(string hash) =>
        Spec().When(Record(Interaction() with { ContentHash = hash })).ThenRejectsField("interaction.contentHash", "invalid_content_hash");

    [Fact]
    public void Rejects_a_missing_source_system() =>
        Spec().When(Record(Interaction() with { Source = new SourceRef(" ", "msg-1") })).ThenRejectsField("interaction.source.system", "required");

    [Fact]
    public void Rejects_an_empty_interaction_id() =>
        Spec().When(Record(Interaction(Guid.Empty))).ThenRejectsField("interaction.interactionId", "empty_id");

    [Fact]
    public void An_informational_interaction_builds_on_an_earlier_one_in_the_conversation() =>
        Spec().Given(Recorded(InteractionId, Answer()))
            .When(Record(Interaction(OtherInteractionId, Answer(InteractionId))))
            .Then(Recorded(OtherInteractionId, Answer(InteractionId)));

    [Fact]
    public void An_informational_interaction_builds_on_one_from_another_conversation() =>
        Spec(Known.Only(new EntityRef(EntityKind.InformationalInteraction, OtherInteractionId)))
            .When(Record(Interaction(payload: Answer(OtherInteractionId))))
            .Then(Recorded(payload: Answer(OtherInteractionId)));

    [Fact]
    public void Rejects_building_on_an_unknown_interaction() =>
        Spec().When(Record(Interaction(payload: Answer(OtherInteractionId)))).ThenThrows("unknown_builds_on", DomainErrorKind.NotFound);

    [Fact]
    public void Rejects_building_on_a_non_informational_interaction() =>
        Spec().Given(Recorded(OtherInteractionId, Revenue())).When(Record(Interaction(payload: Answer(OtherInteractionId))))
            .ThenThrows("builds_on_not_informational", DomainErrorKind.Conflict);

    [Fact]
    public void Rejects_building_on_a_voided_interaction() =>
        Spec().Given(Recorded(OtherInteractionId, Answer()), Voided(OtherInteractionId))
            .When(Record(Interaction(payload: Answer(OtherInteractionId))))
            .ThenThrows("builds_on_not_informational", DomainErrorKind.Conflict);

    [Fact]
    public void Rejects_building_on_itself() =>
        Spec().When(Record(Interaction(payload: Answer(InteractionId)))).ThenRejectsField("interaction.payload.buildsOn", "builds_on_self");
}
