namespace Ledger.Api.Hosting;

/// <summary>
/// The point of the log a read answers for: <c>asOf</c> (a position) or <c>at</c> (a timestamp, resolved to the last
/// position recorded at or before it), the head when neither is given. Reports and lineage read it the same way, so
/// one as-of control on the dashboard means the same thing in every view.
/// </summary>
public static class AsOfPosition
{
    /// <exception cref="ClientInputException">Both given, a negative position, or a position beyond the head.</exception>
    public static async Task<long> ResolveAsync(EventStore.EventStore store, long? asOf, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        if (asOf is not null && at is not null) throw new ClientInputException("asOf", "Give either asOf (a position) or at (a timestamp), not both.", "ambiguous_as_of");
        if (asOf is < 0) throw new ClientInputException("asOf", "asOf must be a position of 0 or more.", "invalid_as_of");
        var head = (await store.ReadHeadAsync(cancellationToken)).Position;
        var position = asOf ?? (at is { } moment ? await store.PositionAtAsync(moment, cancellationToken) : head);
        if (position > head) throw new ClientInputException("asOf", $"Position {position} is beyond the head of the log ({head}).", "as_of_in_future");
        return position;
    }
}
