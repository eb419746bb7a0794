using System.Collections.Immutable;
using Ledger.Domain.Interactions;

namespace Ledger.Projections.Analytics;

/// <summary>
/// Relationship levels of an external counterpart, as a pure fold over the effective interactions it took part
/// in (as sender or receiver), in time order. "From the counterpart" means it is the sender; "to" that it is a
/// receiver. An emotional signal's score is valence × intensity (−5 to +5); only signals from the counterpart
/// count. Rules are evaluated after each interaction, on the history up to and including it:
/// <list type="table">
/// <listheader><term>rule</term><description>reaches</description></listheader>
/// <item><term>A1</term><description>Aware: any interaction.</description></item>
/// <item><term>E1</term><description>Engaged: ≥ 3 interactions in ≥ 2 distinct conversations.</description></item>
/// <item><term>E2</term><description>Engaged: ≥ 1 informational transaction from the counterpart and ≥ 1 to it.</description></item>
/// <item><term>T1</term><description>Trusting: ≥ 1 monetary revenue interaction with the counterpart.</description></item>
/// <item><term>T2</term><description>Trusting: ≥ 1 trust, gratitude or praise signal with valence &gt; 0 from the
/// counterpart, and the sum of the scores of all its signals so far &gt; 0.</description></item>
/// <item><term>V1</term><description>Advocate: ≥ 1 informational referral from the counterpart.</description></item>
/// <item><term>V2</term><description>Advocate: ≥ 1 praise with valence &gt; 0 and intensity ≥ 4 from the counterpart,
/// and ≥ 2 revenue interactions.</description></item>
/// <item><term>D1</term><description>Downgrade: while the scores of the counterpart's signals in the trailing
/// 30 days (<c>(t − 30 d, t]</c>, t = the interaction being folded) sum to less than 0, the level is one step below
/// the earned level, never below Aware.</description></item>
/// <item><term>D2</term><description>Recovery: at the first interaction where that sum is no longer negative, the
/// level returns to the earned level.</description></item>
/// </list>
/// The earned level is the highest level any of A1–V2 has reached; it never decreases, so a level is only lost
/// through D1 and regained through D2. Levels can be skipped (a first interaction that is revenue goes from
/// Unknown to Trusting). A change records the highest rule that fired, checked in the order V1, V2, T1, T2, E1,
/// E2, A1. Thresholds are in <see cref="RelationshipRules"/>. Because the fold runs on interactions, a window
/// that empties with nothing new recorded changes the level at the next interaction, not before.
/// </summary>
public static class RelationshipLevels
{
    /// <summary>Folds the interactions the counterpart took part in, sorted by time (stable), from the start.</summary>
    public static RelationshipState Fold(Guid counterpartId, IEnumerable<EffectiveInteraction> interactions, RelationshipRules? rules = null)
    {
        rules ??= RelationshipRules.Default;
        var state = RelationshipState.Initial(counterpartId);
        foreach (var interaction in TimeOrder.Stable(interactions))
            state = Apply(state, interaction, rules);
        return state;
    }

    /// <summary>
    /// Folds one interaction (the next in time order). Interactions the counterpart did not take part in leave
    /// the state unchanged.
    /// </summary>
    public static RelationshipState Apply(RelationshipState state, EffectiveInteraction interaction, RelationshipRules? rules = null)
    {
        rules ??= RelationshipRules.Default;
        var from = interaction.SenderId == state.CounterpartId;
        if (!from && !interaction.ReceiverIds.Contains(state.CounterpartId))
            return state;

        // The next state is worked out in locals and allocated once: the fold runs for every interaction of every
        // counterpart, so intermediate states would be most of a report's garbage.

        // Most interactions continue a known conversation: Contains answers that in about half the time Add takes to
        // find it and hand back the same set.
        var conversations = state.Conversations.Contains(interaction.ConversationId)
            ? state.Conversations
            : state.Conversations.Add(interaction.ConversationId);
        var evidence = Evidence.Of(state, conversations.Count);
        var window = state.Window;
        switch (interaction.Payload)
        {
            case InformationalPayload info when from:
                evidence.InformationFrom = true;
                evidence.Referral |= info.What == InformationKind.Referral;
                break;
            case InformationalPayload:
                evidence.InformationTo = true;
                break;
            case MonetaryPayload { Direction: MoneyDirection.Revenue }:
                evidence.Revenues++;
                break;
            case EmotionalPayload e when from:
                var score = e.Valence * e.Intensity;
                evidence.EmotionalScore += score;
                evidence.PositiveSignal |= e.Valence > 0 && e.Signal is EmotionalSignal.Trust or EmotionalSignal.Gratitude or EmotionalSignal.Praise;
                evidence.StrongPraise |= e.Signal == EmotionalSignal.Praise && e.Valence > 0 && e.Intensity >= rules.AdvocatePraiseMinIntensity;
                window = window.Enqueue(new EmotionalMark(interaction.OccurredAt, score));
                break;
        }

        window = Trailing(window, interaction.OccurredAt, rules);
        var (earnedNow, earnedReason) = EarnedLevel(evidence, rules);
        var earned = earnedNow > state.Earned ? earnedNow : state.Earned;
        var level = Sum(window) < 0 && earned > RelationshipLevel.Aware ? earned - 1 : earned;
        var changes = state.Changes;
        if (level != state.Level)
        {
            var reason = level < state.Level ? LevelChangeReason.NegativeEmotionWindow
                : earned > state.Earned ? earnedReason
                : LevelChangeReason.NegativeWindowCleared;
            changes = changes.Add(new LevelChange(interaction.OccurredAt, interaction.InteractionId, state.Level, level, reason));
        }

        return new RelationshipState(
            state.CounterpartId, level, earned, evidence.Interactions, conversations, evidence.InformationFrom, evidence.InformationTo,
            evidence.Revenues, evidence.PositiveSignal, evidence.EmotionalScore, evidence.StrongPraise, evidence.Referral, window, changes);
    }

    /// <summary>The window without the marks that have left it: those at or before t − the window's length.</summary>
    private static ImmutableQueue<EmotionalMark> Trailing(ImmutableQueue<EmotionalMark> window, DateTimeOffset at, RelationshipRules rules)
    {
        var windowStart = at - TimeSpan.FromDays(rules.NegativeWindowDays);
        while (!window.IsEmpty && window.Peek().At <= windowStart)
            window = window.Dequeue();
        return window;
    }

    /// <summary>The sum of the window's scores, oldest first (a foreach on the queue's struct enumerator: no boxing).</summary>
    private static decimal Sum(ImmutableQueue<EmotionalMark> window)
    {
        var sum = 0m;
        foreach (var mark in window)
            sum += mark.Score;
        return sum;
    }

    private static (RelationshipLevel Level, LevelChangeReason Reason) EarnedLevel(in Evidence s, RelationshipRules rules)
    {
        if (s.Referral)
            return (RelationshipLevel.Advocate, LevelChangeReason.Referral);
        if (s.StrongPraise && s.Revenues >= rules.AdvocateMinRevenues)
            return (RelationshipLevel.Advocate, LevelChangeReason.PraiseWithRevenue);
        if (s.Revenues >= 1)
            return (RelationshipLevel.Trusting, LevelChangeReason.Revenue);
        if (s.PositiveSignal && s.EmotionalScore > 0)
            return (RelationshipLevel.Trusting, LevelChangeReason.PositiveEmotion);
        if (s.Interactions >= rules.EngagedMinInteractions && s.Conversations >= rules.EngagedMinConversations)
            return (RelationshipLevel.Engaged, LevelChangeReason.RepeatedInteractions);
        if (s.InformationFrom && s.InformationTo)
            return (RelationshipLevel.Engaged, LevelChangeReason.TwoWayInformation);
        return (RelationshipLevel.Aware, LevelChangeReason.FirstInteraction);
    }

    /// <summary>What the rules A1–V2 look at, as of the interaction being folded (a local, mutable copy of the state's counters).</summary>
    private struct Evidence
    {
        public int Interactions;
        public int Conversations;
        public bool InformationFrom;
        public bool InformationTo;
        public int Revenues;
        public bool PositiveSignal;
        public decimal EmotionalScore;
        public bool StrongPraise;
        public bool Referral;

        /// <summary>The state's evidence with the interaction being folded counted (<paramref name="conversations"/> includes its conversation).</summary>
        public static Evidence Of(RelationshipState state, int conversations) => new()
        {
            Interactions = state.Interactions + 1,
            Conversations = conversations,
            InformationFrom = state.InformationFrom,
            InformationTo = state.InformationTo,
            Revenues = state.Revenues,
            PositiveSignal = state.PositiveSignal,
            EmotionalScore = state.EmotionalScore,
            StrongPraise = state.StrongPraise,
            Referral = state.Referral,
        };
    }
}
