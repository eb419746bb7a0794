using Ledger.Domain.Interactions;

namespace Ledger.Projections.Analytics;

/// <summary>
/// An interaction's participants in their fixed order — the sender (k = −1), then the receivers (k = 0…) — walked by
/// index. Reports and folds run over every fact, and the iterators and hash sets of the LINQ form
/// (<c>ReceiverIds.Prepend(SenderId).Distinct()</c>) were a large share of a pilot replay's allocations.
/// </summary>
internal static class Parties
{
    /// <summary>The participant at <paramref name="k"/>: the sender for −1, else receiver k.</summary>
    public static Guid At(EffectiveInteraction i, int k) => k < 0 ? i.SenderId : i.ReceiverIds[k];

    /// <summary>Whether the participant at <paramref name="k"/> already appeared earlier in that order (receiver lists are short: a scan beats a set).</summary>
    public static bool SeenBefore(EffectiveInteraction i, int k)
    {
        if (k < 0) return false;
        var participant = i.ReceiverIds[k];
        if (participant == i.SenderId) return true;
        for (var j = 0; j < k; j++)
        {
            if (i.ReceiverIds[j] == participant) return true;
        }
        return false;
    }
}
