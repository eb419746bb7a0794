using Ledger.EventStore.Appending;

namespace Ledger.EventStore;

/// <summary>Events validated and canonicalised for the bulk path, duplicates within the batch already set aside.</summary>
public sealed class PreparedBulk
{
    internal PreparedBulk(List<(string StreamId, PreparedEvent Event)> events, long skipped) => (Events, Skipped) = (events, skipped);

    internal List<(string StreamId, PreparedEvent Event)> Events { get; }

    /// <summary>Events of the batch that repeated an earlier one of the same batch (same id and content).</summary>
    public long Skipped { get; }

    /// <summary>The events left to write.</summary>
    public int Count => Events.Count;
}
