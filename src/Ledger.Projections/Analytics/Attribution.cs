using Ledger.Domain.Interactions;

namespace Ledger.Projections.Analytics;

/// <summary>
/// Credits monetary outcomes to the conversations that preceded them.
/// <list type="bullet">
/// <item>The touchpoints of an outcome are the touchpoints with the same counterpart strictly before it and no
/// older than the lookback window (<c>outcome − lookback ≤ touch &lt; outcome</c>), the outcome's own
/// interaction excluded, ordered by time (ties keep input order).</item>
/// <item>The model gives each touchpoint a weight; the outcome amount, rounded to the minor unit, is split with
/// the largest-remainder method (<see cref="Allocation.LargestRemainder"/>): shares rounded down, the missing
/// cents one each to the largest remainders, ties to the earliest touchpoint. Touchpoints of weight 0 get no share.</item>
/// <item>An outcome with no touchpoint in the window goes entirely to the unattributed bucket.</item>
/// </list>
/// </summary>
public static class Attribution
{
    /// <summary>Attributes every outcome; amounts in <paramref name="currency"/> (normally the reporting currency).</summary>
    public static AttributionResult Attribute(
        IEnumerable<AttributionOutcome> outcomes,
        IEnumerable<Touchpoint> touchpoints,
        AttributionModel model,
        TimeSpan lookback,
        string currency)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lookback, TimeSpan.Zero);
        var byCounterpart = touchpoints
            .GroupBy(t => t.CounterpartId)
            .ToDictionary(g => g.Key, g => g.OrderBy(t => t.OccurredAt).ToArray());

        var results = new List<OutcomeAttribution>();
        var byConversation = new Dictionary<Guid, decimal>();
        var byInitiative = new Dictionary<Guid, decimal>();
        decimal withoutInitiative = 0, unattributed = 0, total = 0;
        // One buffer for every outcome's touchpoints: Split copies what it keeps into the shares.
        var touches = new List<Touchpoint>();
        foreach (var outcome in outcomes)
        {
            touches.Clear();
            if (byCounterpart.TryGetValue(outcome.CounterpartId, out var all))
                CollectWindow(all, outcome, lookback, touches);
            var result = Split(outcome, touches, model, currency);
            results.Add(result);
            total += result.Amount;
            unattributed += result.Unattributed;
            foreach (var share in result.Shares)
            {
                byConversation[share.ConversationId] = byConversation.GetValueOrDefault(share.ConversationId) + share.Amount;
                if (share.InitiativeId is { } initiative)
                    byInitiative[initiative] = byInitiative.GetValueOrDefault(initiative) + share.Amount;
                else
                    withoutInitiative += share.Amount;
            }
        }

        return new AttributionResult(currency, results, byConversation, byInitiative, withoutInitiative, unattributed, total);
    }

    /// <summary>
    /// Adds the outcome's touchpoints to <paramref name="window"/>: those of <paramref name="sorted"/> (by time) with
    /// outcome − lookback ≤ time &lt; outcome, other than the outcome's own interaction, found by binary search.
    /// </summary>
    private static void CollectWindow(Touchpoint[] sorted, AttributionOutcome outcome, TimeSpan lookback, List<Touchpoint> window)
    {
        var from = outcome.OccurredAt - lookback;
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid].OccurredAt < from) lo = mid + 1;
            else hi = mid;
        }
        for (var i = lo; i < sorted.Length && sorted[i].OccurredAt < outcome.OccurredAt; i++)
        {
            if (sorted[i].InteractionId != outcome.InteractionId) window.Add(sorted[i]);
        }
    }

    /// <summary>Splits one outcome over touchpoints already selected and ordered earliest first.</summary>
    public static OutcomeAttribution Split(AttributionOutcome outcome, IReadOnlyList<Touchpoint> touches, AttributionModel model, string currency)
    {
        var amount = RoundingPolicy.Round(outcome.Amount, currency);
        if (touches.Count == 0)
            return new OutcomeAttribution(outcome, amount, [], amount);

        var times = new DateTimeOffset[touches.Count];
        for (var i = 0; i < times.Length; i++) times[i] = touches[i].OccurredAt;
        var weights = model.Weights(times);
        var amounts = Allocation.LargestRemainder(amount, weights, currency);
        var shares = new List<AttributedShare>(touches.Count);
        for (var i = 0; i < touches.Count; i++)
        {
            if (weights[i] <= 0) continue;
            var t = touches[i];
            shares.Add(new AttributedShare(t.InteractionId, t.ConversationId, t.InitiativeId, t.OccurredAt, amounts[i]));
        }
        return new OutcomeAttribution(outcome, amount, shares, 0m);
    }

    /// <summary>
    /// One touchpoint per interaction and external participant in it (sender or receiver).
    /// <paramref name="isExternal"/> says which participants are counterparts; <paramref name="initiativeOf"/>
    /// gives a conversation's initiative, if any.
    /// </summary>
    public static IEnumerable<Touchpoint> Touchpoints(
        IEnumerable<EffectiveInteraction> interactions,
        Func<Guid, bool> isExternal,
        Func<Guid, Guid?> initiativeOf)
    {
        foreach (var i in interactions)
        {
            for (var k = -1; k < i.ReceiverIds.Count; k++)
            {
                var participant = Parties.At(i, k);
                if (!Parties.SeenBefore(i, k) && isExternal(participant))
                    yield return new Touchpoint(i.InteractionId, participant, i.ConversationId, initiativeOf(i.ConversationId), i.OccurredAt);
            }
        }
    }

    /// <summary>
    /// The outcomes among <paramref name="interactions"/>: monetary revenue, converted at the rate of its UTC date.
    /// Its counterpart is the first external participant among the sender then the receivers; revenue with no
    /// external participant is skipped.
    /// </summary>
    /// <exception cref="MissingConversionRateException">No rate for a revenue's currency on its date.</exception>
    public static IEnumerable<AttributionOutcome> Outcomes(
        IEnumerable<EffectiveInteraction> interactions,
        Func<Guid, bool> isExternal,
        ConversionRates rates)
    {
        foreach (var i in interactions)
        {
            if (i.Payload is not MonetaryPayload { Direction: MoneyDirection.Revenue } revenue)
                continue;
            for (var k = -1; k < i.ReceiverIds.Count; k++)
            {
                var participant = Parties.At(i, k);
                if (!isExternal(participant)) continue;
                yield return new AttributionOutcome(i.InteractionId, participant, i.OccurredAt, rates.Convert(revenue.Amount, revenue.Currency, Period.UtcDate(i.OccurredAt)));
                break;
            }
        }
    }
}
