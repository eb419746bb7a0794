using Ledger.Domain.Common;
using Ledger.Domain.Conversations;
using Ledger.Domain.Tests.Support;
using static Ledger.Domain.Tests.Support.Samples;

namespace Ledger.Domain.Tests.Conversations;

public class ConversationDeciderTests
{
    private static DeciderSpec<ConversationCommand, ConversationEvent, ConversationState> Spec(ReferenceExists? exists = null) =>
        Specs.Conversation(exists ?? Known.Everything);

    [Fact]
    public void Opens_a_conversation_with_its_participants_tags_and_initiative() =>
        Spec().When(Open()).Then(Opened());

    [Fact]
    public void Trims_and_deduplicates_tags_and_participants_ignoring_tag_case() =>
        Spec().When(Open() with { ParticipantIds = [Alice, Bob, Alice], Tags = [" pricing ", "PRICING", "renewal"] })
            .Then(Opened() with { Tags = ["pricing", "renewal"] });

    [Fact]
    public void Opening_the_same_conversation_twice_is_a_no_op() =>
        Spec().Given(Opened()).When(Open() with { OpenedAt = T0.AddMinutes(5) }).ThenNothing();

    [Fact]
    public void Rejects_opening_an_existing_conversation_differently() =>
        Spec().Given(Opened()).When(Open() with { Channel = Channel.Call })
            .ThenThrows("conversation_already_opened", DomainErrorKind.Conflict);

    [Fact]
    public void Rejects_a_conversation_without_participants() =>
        Spec().When(Open() with { ParticipantIds = [] }).ThenRejectsField("participantIds", "required");

    [Fact]
    public void Rejects_an_undefined_channel() =>
        Spec().When(Open() with { Channel = (Channel)42 }).ThenRejectsField("channel", "invalid_value");

    [Fact]
    public void Rejects_more_than_twenty_tags() =>
        Spec().When(Open() with { Tags = [.. Enumerable.Range(0, 21).Select(i => $"tag{i}")] }).ThenRejectsField("tags", "too_many");

    [Fact]
    public void Rejects_a_tag_longer_than_fifty_characters() =>
        Spec().When(Open() with { Tags = [new string('x', 51)] }).ThenRejectsField("tags[0]", "too_long");

    [Fact]
    public void Rejects_a_tag_with_control_characters() =>
        Spec().When(Open() with { Tags = ["a\u0007b"] }).ThenRejectsField("tags[0]", "control_characters");

    [Fact]
    public void Rejects_an_unregistered_participant() =>
        Spec(Known.AllBut(new EntityRef(EntityKind.Participant, Bob))).When(Open())
            .ThenThrows("unknown_participant", DomainErrorKind.NotFound);

    [Fact]
    public void Rejects_an_unknown_initiative() =>
        Spec(Known.AllBut(new EntityRef(EntityKind.Initiative, InitiativeId))).When(Open())
            .ThenThrows("unknown_initiative", DomainErrorKind.NotFound);

    [Fact]
    public void A_participant_joins() =>
        Spec().Given(Opened()).When(new JoinConversation(ConversationId, Carol, T0.AddHours(2)))
            .Then(new ParticipantJoined(ConversationId, Carol, T0.AddHours(2)));

    [Fact]
    public void Joining_twice_is_a_no_op() =>
        Spec().Given(Opened(), new ParticipantJoined(ConversationId, Carol, T0))
            .When(new JoinConversation(ConversationId, Carol, T0.AddHours(2))).ThenNothing();

    [Fact]
    public void Rejects_joining_an_unknown_conversation() =>
        Spec().When(new JoinConversation(ConversationId, Carol, T0)).ThenThrows("conversation_not_found", DomainErrorKind.NotFound);

    [Fact]
    public void Rejects_joining_a_closed_conversation() =>
        Spec().Given(Opened(), Closed()).When(new JoinConversation(ConversationId, Carol, T0))
            .ThenThrows("conversation_closed", DomainErrorKind.Conflict);

    [Fact]
    public void Rejects_an_unregistered_participant_joining() =>
        Spec(Known.AllBut(new EntityRef(EntityKind.Participant, Carol))).Given(Opened())
            .When(new JoinConversation(ConversationId, Carol, T0)).ThenThrows("unknown_participant", DomainErrorKind.NotFound);

    [Fact]
    public void A_participant_leaves() =>
        Spec().Given(Opened()).When(new LeaveConversation(ConversationId, Bob, T0.AddHours(3)))
            .Then(new ParticipantLeft(ConversationId, Bob, T0.AddHours(3)));

    [Fact]
    public void Leaving_twice_is_a_no_op() =>
        Spec().Given(Opened(), new ParticipantLeft(ConversationId, Bob, T0))
            .When(new LeaveConversation(ConversationId, Bob, T0.AddHours(3))).ThenNothing();

    [Fact]
    public void Rejects_leaving_for_someone_who_never_was_a_member() =>
        Spec().Given(Opened()).When(new LeaveConversation(ConversationId, Outsider, T0))
            .ThenThrows("not_a_participant", DomainErrorKind.Conflict);

    [Fact]
    public void Rejects_leaving_a_closed_conversation() =>
        Spec().Given(Opened(), Closed()).When(new LeaveConversation(ConversationId, Bob, T0))
            .ThenThrows("conversation_closed", DomainErrorKind.Conflict);

    [Fact]
    public void Rejects_an_empty_participant_id() =>
        Spec().Given(Opened()).When(new JoinConversation(ConversationId, Guid.Empty, T0)).ThenRejectsField("participantId", "empty_id");

    [Fact]
    public void Closes_with_an_outcome() =>
        Spec().Given(Opened()).When(new CloseConversation(ConversationId, ConversationOutcome.Won, T0.AddDays(1))).Then(Closed());

    [Fact]
    public void Closing_twice_with_the_same_outcome_is_a_no_op() =>
        Spec().Given(Opened(), Closed()).When(new CloseConversation(ConversationId, ConversationOutcome.Won, T0.AddDays(5))).ThenNothing();

    [Fact]
    public void Rejects_closing_a_closed_conversation_with_another_outcome() =>
        Spec().Given(Opened(), Closed()).When(new CloseConversation(ConversationId, ConversationOutcome.Lost, T0))
            .ThenThrows("conversation_closed", DomainErrorKind.Conflict);

    [Fact]
    public void Rejects_closing_an_unknown_conversation() =>
        Spec().When(new CloseConversation(ConversationId, ConversationOutcome.Won, T0)).ThenThrows("conversation_not_found", DomainErrorKind.NotFound);

    [Fact]
    public void Rejects_an_undefined_outcome() =>
        Spec().Given(Opened()).When(new CloseConversation(ConversationId, (ConversationOutcome)99, T0)).ThenRejectsField("outcome", "invalid_value");

    [Fact]
    public void Reopens_a_closed_conversation() =>
        Spec().Given(Opened(), Closed()).When(new ReopenConversation(ConversationId, T0.AddDays(3)))
            .Then(new ConversationReopened(ConversationId, T0.AddDays(3)));

    [Fact]
    public void Reopening_an_open_conversation_is_a_no_op() =>
        Spec().Given(Opened(), Closed(), new ConversationReopened(ConversationId, T0))
            .When(new ReopenConversation(ConversationId, T0.AddDays(3))).ThenNothing();

    [Fact]
    public void Rejects_reopening_an_unknown_conversation() =>
        Spec().When(new ReopenConversation(ConversationId, T0)).ThenThrows("conversation_not_found", DomainErrorKind.NotFound);

    [Fact]
    public void Tracks_members_as_they_join_and_leave()
    {
        var state = new ConversationEvent[]
        {
            Opened(), new ParticipantJoined(ConversationId, Carol, T0), new ParticipantLeft(ConversationId, Alice, T0),
        }.Aggregate(ConversationDecider.Initial, ConversationDecider.Evolve);

        var track = state.ShouldBeOfType<ConversationState.Open>().Track;
        track.Members.ShouldBe([Bob, Carol], ignoreOrder: true);
        track.FormerMembers.ShouldBe([Alice]);
    }
}
