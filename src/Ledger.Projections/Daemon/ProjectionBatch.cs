using System.Collections;
using Ledger.Projections.Serialization;

namespace Ledger.Projections.Daemon;

/// <summary>
/// The log positions (<see cref="After"/>, <see cref="To"/>] handed to a projection: the events among them that it
/// folds (<see cref="IProjection.EventTypes"/>), decoded, in position order. Applying the batch moves the checkpoint to
/// <see cref="To"/> even when none of its events concern the projection.
/// </summary>
public sealed class ProjectionBatch(long after, long to, IReadOnlyList<DecodedEvent> events) : IReadOnlyList<DecodedEvent>
{
    /// <summary>The checkpoint this batch starts from.</summary>
    public long After { get; } = after;

    /// <summary>The last position this batch covers: the checkpoint once it is applied.</summary>
    public long To { get; } = to;

    public int Count => events.Count;

    public DecodedEvent this[int index] => events[index];

    /// <summary>
    /// The same positions as one batch per event (each up to its event, the last up to <see cref="To"/>): applied in turn
    /// they find the event a failing batch stumbled on.
    /// </summary>
    public IEnumerable<ProjectionBatch> OnePerEvent()
    {
        var after = After;
        for (var i = 0; i < events.Count; i++)
        {
            var to = i == events.Count - 1 ? To : events[i].Position;
            yield return new ProjectionBatch(after, to, [events[i]]);
            after = to;
        }
    }

    public IEnumerator<DecodedEvent> GetEnumerator() => events.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
