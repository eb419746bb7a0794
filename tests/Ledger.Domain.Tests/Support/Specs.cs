using Ledger.Domain.Common;
using Ledger.Domain.Conversations;

namespace Ledger.Domain.Tests.Support;

public static class Specs
{
    /// <summary>The conversation decider, with cross-stream references answered by <paramref name="exists"/>.</summary>
    public static DeciderSpec<ConversationCommand, ConversationEvent, ConversationState> Conversation(ReferenceExists exists) =>
        DeciderSpec.For<ConversationCommand, ConversationEvent, ConversationState>(
            (c, s) => ConversationDecider.Decide(c, s, exists), ConversationDecider.Evolve, ConversationDecider.Initial);
}
