using Ledger.EventStore.Appending;

namespace Ledger.EventStore;

/// <summary>
/// A bulk batch being written (<see cref="EventStore.StartBulkImport"/>). Another batch may be started behind it before
/// it completes: the two COPYs overlap, and the log still holds this one first.
/// </summary>
public sealed class PendingBulkImport
{
    internal PendingBulkImport(BulkChunkWrite lastChunk, Task<BulkImportResult> completion) => (LastChunk, Completion) = (lastChunk, completion);

    internal BulkChunkWrite LastChunk { get; }

    /// <summary>Completes once every chunk of the batch has committed; throws what made it fail.</summary>
    public Task<BulkImportResult> Completion { get; }
}
