namespace Ledger.Projections.Daemon;

/// <summary>Where a projection stands: its checkpoint, its lag behind the log, and the event it failed on, if any.</summary>
public sealed record ProjectionStatus(
    string Projection,
    string TableSet,
    bool Active,
    long Checkpoint,
    long Head,
    double LagSeconds,
    ProjectionFailure? Failure)
{
    public long LagPositions => Math.Max(0, Head - Checkpoint);
    public string State => Failure is not null ? "failed" : LagPositions == 0 ? "current" : "catching-up";
}

public sealed record ProjectionFailure(long Position, Guid EventId, string Error, DateTimeOffset At);
