using Ledger.Domain.Common;
using Ledger.Domain.Conversations;

namespace Ledger.Domain.Tests.Support;

public static class Specs
{
    /// <summary>
    /// The conversation decider, with cross-stream references answered by <paramref name="exists"/>. Every command is
    /// also decided on the trimmed track completed as the API's command path completes it (<see cref="Trimmed"/>), and
    /// must come out the same.
    /// </summary>
    public static DeciderSpec<ConversationCommand, ConversationEvent, ConversationState> Conversation(ReferenceExists exists) =>
        DeciderSpec.For<ConversationCommand, ConversationEvent, ConversationState>(
            (c, s) => ConversationDecider.Decide(c, s, exists), ConversationDecider.Evolve, ConversationDecider.Initial)
            .AlsoOn(Trimmed);

    /// <summary>
    /// The state with its track trimmed, then told what <paramref name="command"/> names from the given events (the
    /// stream up to the state's version), as <c>CommandExecutor</c> does with a cached long conversation.
    /// </summary>
    public static ConversationState Trimmed(ConversationState state, IReadOnlyList<ConversationEvent> given, ConversationCommand command)
    {
        var trimmed = TrimmedTracks.Trim(state, keepAtMost: -1);
        return TrimmedTracks.Learn(trimmed, TrimmedTracks.Unknown(command, trimmed), given);
    }
}
