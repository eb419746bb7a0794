using Ledger.Domain.Interactions;

namespace Ledger.Projections.Analytics;

/// <summary>Interactions in time order, sorted stably (ties keep their input order).</summary>
internal static class TimeOrder
{
    /// <summary>
    /// The interactions sorted by <see cref="EffectiveInteraction.OccurredAt"/>, stably. Input that is already in order
    /// (a per-counterpart slice of a sorted list, say) is returned as it is, after one pass to check it.
    /// </summary>
    public static IReadOnlyList<EffectiveInteraction> Stable(IEnumerable<EffectiveInteraction> interactions)
    {
        var list = interactions as IReadOnlyList<EffectiveInteraction> ?? [.. interactions];
        return IsSorted(list) ? list : Sorted(list);
    }

    private static bool IsSorted(IReadOnlyList<EffectiveInteraction> list)
    {
        for (var i = 1; i < list.Count; i++)
            if (list[i - 1].OccurredAt > list[i].OccurredAt)
                return false;
        return true;
    }

    /// <summary>
    /// Sorts on (instant, input index): the keys are distinct, so the unstable array sort gives the stable order, and
    /// comparing plain numbers is cheaper than a stable LINQ sort (facts in log order are out of time order wherever an
    /// interaction was reclassified, so replays take this path).
    /// </summary>
    private static EffectiveInteraction[] Sorted(IReadOnlyList<EffectiveInteraction> list)
    {
        var keys = new (long UtcTicks, int Index)[list.Count];
        var sorted = new EffectiveInteraction[list.Count];
        for (var i = 0; i < sorted.Length; i++)
        {
            keys[i] = (list[i].OccurredAt.UtcTicks, i);
            sorted[i] = list[i];
        }
        Array.Sort(keys, sorted);
        return sorted;
    }
}
