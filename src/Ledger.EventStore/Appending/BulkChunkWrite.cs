namespace Ledger.EventStore.Appending;

/// <summary>
/// The head and stream versions the log will have once a bulk chunk commits. A chunk publishes it as soon as it has
/// hashed its rows, so that the chunk behind it can hash and COPY its own rows while this one is still being written.
/// <see cref="Versions"/> also holds the versions of earlier chunks that had not committed when it was computed.
/// </summary>
internal sealed record BulkChunkPlan(LogHead Head, IReadOnlyDictionary<string, long> Versions);

/// <summary>One chunk of a bulk import on its way into the log: its plan (once known) and its outcome.</summary>
internal sealed class BulkChunkWrite
{
    private readonly TaskCompletionSource<BulkChunkPlan?> _plan = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _abandoned = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What the log will be after this chunk, or null when the chunk failed before it had a plan.</summary>
    public Task<BulkChunkPlan?> Plan => _plan.Task;

    /// <summary>Completes when the chunk's transaction committed (or throws what made it fail).</summary>
    public Task<BulkImportResult> Done { get; set; } = Task.FromException<BulkImportResult>(new InvalidOperationException("Not started."));

    /// <summary>
    /// Completes when the chunk will not commit what its plan says (it is being written again): a chunk copied behind
    /// it must roll back at once, since the rewrite may need the very positions or versions it holds.
    /// </summary>
    public Task Abandoned => _abandoned.Task;

    public void Planned(BulkChunkPlan plan) => _plan.TrySetResult(plan);

    public void Abandon() => _abandoned.TrySetResult();

    public void Unplanned() => _plan.TrySetResult(null);
}

/// <summary>How the bulk chunks of one store were written: for diagnostics and for the tests that pin the pipeline.</summary>
internal sealed class BulkCounters
{
    private long _serial, _pipelined, _replanned;

    /// <summary>Chunks written under the head lock from the start.</summary>
    public long Serial => Interlocked.Read(ref _serial);

    /// <summary>Chunks copied behind a predecessor still being written, and committed as planned.</summary>
    public long Pipelined => Interlocked.Read(ref _pipelined);

    /// <summary>Chunks copied behind a predecessor whose attempt was rolled back and written again serially.</summary>
    public long Replanned => Interlocked.Read(ref _replanned);

    public void CountSerial() => Interlocked.Increment(ref _serial);

    public void CountPipelined() => Interlocked.Increment(ref _pipelined);

    public void CountReplanned() => Interlocked.Increment(ref _replanned);
}
