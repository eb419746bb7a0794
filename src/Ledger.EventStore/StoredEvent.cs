namespace Ledger.EventStore;

/// <summary>An event as the log holds it.</summary>
/// <param name="Position">Global, gap-free, commit-ordered position (1, 2, 3, …).</param>
/// <param name="StreamVersion">1-based version of the event within its stream.</param>
/// <param name="Data">The JSON object in PostgreSQL's canonical jsonb text form (after upcasting, when read typed).</param>
/// <param name="Hash">SHA-256 chaining this event to the previous one.</param>
public sealed record StoredEvent(
    long Position,
    string StreamId,
    long StreamVersion,
    Guid EventId,
    string EventType,
    int SchemaVersion,
    string Data,
    string Actor,
    string? CorrelationId,
    string? CausationId,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    byte[] Hash)
{
    public string HashHex => Convert.ToHexStringLower(Hash);
}

/// <summary>The result of one append call.</summary>
/// <param name="NextExpectedVersion">The stream's version after the append (use it as the next expected version / ETag).</param>
/// <param name="FirstPosition">Global position of the first event of this call.</param>
/// <param name="LastPosition">Global position of the last event of this call.</param>
/// <param name="AlreadyApplied">True when every event id was already stored with the same content: a retry, nothing written.</param>
public sealed record AppendResult(
    string StreamId,
    long NextExpectedVersion,
    long FirstPosition,
    long LastPosition,
    bool AlreadyApplied);

/// <summary>The head of the log: the last position and its chain hash.</summary>
public sealed record LogHead(long Position, byte[] Hash, DateTimeOffset RecordedAt)
{
    public string HashHex => Convert.ToHexStringLower(Hash);
}

/// <summary>What a bulk import wrote.</summary>
/// <param name="Imported">Events written.</param>
/// <param name="Skipped">Events whose ids were already stored with the same content (a re-run or resumed import).</param>
public sealed record BulkImportResult(long Imported, long Skipped, long FirstPosition, long LastPosition)
{
    public static BulkImportResult None { get; } = new(0, 0, 0, 0);

    /// <summary>This result followed by <paramref name="next"/> (written after it): counts add, positions span both.</summary>
    public BulkImportResult Then(BulkImportResult next) => new(
        Imported + next.Imported,
        Skipped + next.Skipped,
        Imported > 0 ? FirstPosition : next.FirstPosition,
        next.Imported > 0 ? next.LastPosition : LastPosition);
}
