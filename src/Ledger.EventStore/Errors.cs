namespace Ledger.EventStore;

/// <summary>A stale expected version: nothing was written.</summary>
public sealed class ConcurrencyException(string streamId, ExpectedVersion expected, long actual)
    : Exception($"Stream '{streamId}' is at version {actual}, but the append expected {expected}. Nothing was written.")
{
    public string StreamId { get; } = streamId;
    public ExpectedVersion Expected { get; } = expected;
    public long ActualVersion { get; } = actual;
}

/// <summary>An event id was reused for different content (or a retry only partly matches what was stored).</summary>
public sealed class IdempotencyConflictException(Guid eventId, string reason)
    : Exception($"Event id {eventId} was already used with different content: {reason}. Nothing was written.")
{
    public Guid EventId { get; } = eventId;
}

/// <summary>The append request itself is malformed: nothing was written.</summary>
public sealed class InvalidAppendException(string field, string message) : Exception(message)
{
    /// <summary>The offending input, e.g. "streamId", "events[2].data".</summary>
    public string Field { get; } = field;
}

/// <summary>
/// A bulk batch was to be written behind another that failed: to keep the log in the caller's order, it was not
/// written either.
/// </summary>
public sealed class BulkPredecessorFailedException(Exception cause)
    : Exception($"The bulk batch this one follows failed ({cause.Message}); nothing of this one was written.", cause);
