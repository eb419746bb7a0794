namespace Ledger.Domain.Common;

/// <summary>Stream naming: one stream per aggregate instance, <c>{aggregate}-{id:N}</c>.</summary>
public static class StreamIds
{
    public static string Participant(Guid id) => $"participant-{id:N}";

    public static string Conversation(Guid id) => $"conversation-{id:N}";

    public static string Initiative(Guid id) => $"initiative-{id:N}";

    public static string Decision(Guid id) => $"decision-{id:N}";
}
