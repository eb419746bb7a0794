using Ledger.Domain.Common;
using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;
using Ledger.Domain.Tests.Support;
using static Ledger.Domain.Tests.Support.Samples;

namespace Ledger.Domain.Tests.Conversations;

/// <summary>
/// A conversation's state keeps compact entries instead of recorded events, and a cache may keep it trimmed. Every
/// decider scenario already runs on the trimmed track too (<c>Specs.Conversation</c>); these pin the rules that matter
/// most and the memory a long conversation costs.
/// </summary>
public class TrimmedTrackTests
{
    private static readonly ConversationEvent[] History =
        [Opened(), Recorded(), Recorded(OtherInteractionId, Answer()), Voided(OtherInteractionId)];

    private static ConversationState Whole => History.Aggregate(ConversationDecider.Initial, ConversationDecider.Evolve);

    private static ConversationState Completed(ConversationCommand command)
    {
        var trimmed = TrimmedTracks.Trim(Whole, keepAtMost: 0);
        return TrimmedTracks.Learn(trimmed, TrimmedTracks.Unknown(command, trimmed), History);
    }

    private static IReadOnlyList<ConversationEvent> Decide(ConversationCommand command, ConversationState state) =>
        ConversationDecider.Decide(command, state, Known.Everything);

    [Fact]
    public void Re_recording_identical_content_is_still_a_no_op_after_compaction_and_trimming()
    {
        var again = new RecordInteraction(ConversationId, Interaction());
        Decide(again, Whole).ShouldBeEmpty();
        Decide(again, Completed(again)).ShouldBeEmpty();
    }

    [Fact]
    public void Re_recording_different_content_is_still_a_conflict_after_compaction_and_trimming()
    {
        foreach (var changed in new[]
        {
            Interaction() with { ContentHash = new string('0', 64) },
            Interaction() with { OccurredAt = T0.AddHours(1).AddTicks(10) },
            Interaction() with { ReceiverIds = [Bob, Carol] },
            Interaction() with { Payload = Revenue(1200.01m) },
            Interaction() with { Classification = Manual with { Confidence = 0.9m } },
            Interaction() with { Source = new SourceRef("gmail", "msg-2") },
        })
        {
            var command = new RecordInteraction(ConversationId, changed);
            Should.Throw<DomainException>(() => Decide(command, Whole)).Code.ShouldBe("interaction_already_recorded");
            Should.Throw<DomainException>(() => Decide(command, Completed(command))).Code.ShouldBe("interaction_already_recorded");
        }
    }

    [Fact]
    public void A_voided_interaction_stays_voided_and_cannot_be_built_on_after_trimming()
    {
        var revoid = new VoidInteraction(ConversationId, OtherInteractionId, "again", Carol, T0.AddDays(3));
        Decide(revoid, Completed(revoid)).ShouldBeEmpty();
        var buildsOnVoided = new RecordInteraction(ConversationId, Interaction(Guid.NewGuid(), Answer(OtherInteractionId)));
        Should.Throw<DomainException>(() => Decide(buildsOnVoided, Completed(buildsOnVoided))).Code.ShouldBe("builds_on_not_informational");
    }

    [Fact]
    public void A_trimmed_track_refuses_to_decide_on_an_interaction_it_was_not_told_about()
    {
        var trimmed = TrimmedTracks.Trim(Whole, keepAtMost: 0);
        Should.Throw<InvalidOperationException>(() => Decide(new RecordInteraction(ConversationId, Interaction()), trimmed));
    }

    [Fact]
    public void Names_every_interaction_a_command_may_look_up()
    {
        var buildsOn = Guid.NewGuid();
        TrimmedTracks.NamedBy(new RecordInteractions(ConversationId, [Interaction(), Interaction(OtherInteractionId, Answer(buildsOn))]))
            .ShouldBe([InteractionId, OtherInteractionId, buildsOn]);
        TrimmedTracks.NamedBy(new ReclassifyInteraction(ConversationId, InteractionId, Answer(buildsOn), Manual, "r", Carol, T0))
            .ShouldBe([InteractionId, buildsOn]);
        TrimmedTracks.NamedBy(new VoidInteraction(ConversationId, InteractionId, "r", Carol, T0)).ShouldBe([InteractionId]);
        TrimmedTracks.NamedBy(new RecordInteractions(ConversationId, null!)).ShouldBeEmpty();
    }

    [Fact]
    public void Only_a_track_beyond_the_limit_is_trimmed_and_a_complete_one_needs_nothing_learned()
    {
        var command = new RecordInteraction(ConversationId, Interaction());
        var whole = Whole;
        TrimmedTracks.Trim(whole, keepAtMost: 2).ShouldBeSameAs(whole);
        TrimmedTracks.Unknown(command, whole).ShouldBeEmpty();
        var trimmed = TrimmedTracks.Trim(whole, keepAtMost: 1);
        ((ConversationState.Started)trimmed).Track.Complete.ShouldBeFalse();
        TrimmedTracks.Unknown(command, trimmed).ShouldBe([InteractionId]);
        TrimmedTracks.Unknown(command, Completed(command)).ShouldBeEmpty();
    }
}
