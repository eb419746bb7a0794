using Ledger.Domain.Common;
using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;
using static Ledger.Domain.Tests.Support.Samples;

namespace Ledger.Domain.Tests.Support;

/// <summary>The helper must itself fail when events differ, or every decider test would pass vacuously.</summary>
public class DeciderSpecTests
{
    private static readonly DeciderSpec<ConversationCommand, ConversationEvent, ConversationState> Spec =
        Specs.Conversation(Known.Everything);

    [Fact]
    public void Then_fails_when_a_nested_payload_differs() =>
        Should.Throw<ShouldAssertException>(() =>
            Spec.Given(Opened()).When(new RecordInteraction(ConversationId, Interaction())).Then(Recorded(payload: Revenue(1m))));

    [Fact]
    public void Then_fails_when_a_list_differs() =>
        Should.Throw<ShouldAssertException>(() => Spec.When(Open()).Then(Opened() with { ParticipantIds = [Alice] }));

    [Fact]
    public void ThenNothing_fails_when_events_are_produced() =>
        Should.Throw<ShouldAssertException>(() => Spec.When(Open()).ThenNothing());

    [Fact]
    public void ThenThrows_fails_on_another_code() =>
        Should.Throw<ShouldAssertException>(() => Spec.When(new ReopenConversation(ConversationId, T0)).ThenThrows("conversation_closed"));

    [Fact]
    public void ThenThrows_fails_on_another_kind() =>
        Should.Throw<ShouldAssertException>(() =>
            Spec.When(new ReopenConversation(ConversationId, T0)).ThenThrows("conversation_not_found", DomainErrorKind.Conflict));

    [Fact]
    public void Then_fails_when_the_decider_throws() =>
        Should.Throw<ShouldAssertException>(() => Spec.When(new ReopenConversation(ConversationId, T0)).Then());

    [Fact]
    public void Given_folds_events_before_deciding() =>
        Spec.Given(Opened(), Recorded()).When(new VoidInteraction(ConversationId, InteractionId, "dup", Carol, T0))
            .Then(new InteractionVoided(ConversationId, InteractionId, "dup", Carol, T0));
}
