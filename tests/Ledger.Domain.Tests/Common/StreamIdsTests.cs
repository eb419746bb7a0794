using Ledger.Domain.Common;

namespace Ledger.Domain.Tests.Common;

public class StreamIdsTests
{
    private static readonly Guid Id = new("0f8fad5b-d9cb-469f-a165-70867728950e");

    [Fact]
    public void Names_streams_by_aggregate_and_compact_id()
    {
        StreamIds.Conversation(Id).ShouldBe("conversation-0f8fad5bd9cb469fa16570867728950e");
        StreamIds.Participant(Id).ShouldBe("participant-0f8fad5bd9cb469fa16570867728950e");
        StreamIds.Initiative(Id).ShouldBe("initiative-0f8fad5bd9cb469fa16570867728950e");
        StreamIds.Decision(Id).ShouldBe("decision-0f8fad5bd9cb469fa16570867728950e");
    }
}
