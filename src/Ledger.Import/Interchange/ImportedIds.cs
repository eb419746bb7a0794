namespace Ledger.Import.Interchange;

/// <summary>
/// Names from which the importer derives its ids (hashed into UUIDs by the caller): the same source message always
/// yields the same conversation, interaction and event ids, so re-running an import writes nothing twice.
/// </summary>
public static class ImportedIds
{
    public static string Conversation(string system, string threadId) => $"import:conversation:{system}:{threadId}";

    public static string Interaction(string system, string messageId) => $"import:interaction:{system}:{messageId}";

    /// <summary>The n-th event a message produced (joins before its interaction, all in its conversation stream).</summary>
    public static string MessageEvent(string system, string messageId, int index) => $"import:event:{system}:{messageId}:{index}";

    public static string ParticipantRegistration(Guid participantId) => $"import:participant-registered:{participantId:N}";
}
