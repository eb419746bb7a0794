using Ledger.Domain.Interactions;
using Ledger.Projections.Analytics;
using static Ledger.Projections.Analytics.RelationshipLevel;
using static Ledger.Projections.Tests.Analytics.Interactions;

namespace Ledger.Projections.Tests.Analytics;

public class RelationshipLevelsTests
{
    private static readonly Guid Us = Guid.NewGuid();
    private static readonly Guid Them = Guid.NewGuid();
    private static readonly Guid ConversationA = Guid.NewGuid();
    private static readonly Guid ConversationB = Guid.NewGuid();
    private static readonly DateTimeOffset Start = Day(2026, 1, 1);

    private static EffectiveInteraction FromThem(int day, TransactionPayload payload, Guid? conversation = null) =>
        Between(Them, Us, Start.AddDays(day), payload, conversation ?? ConversationA);

    private static EffectiveInteraction ToThem(int day, TransactionPayload payload, Guid? conversation = null) =>
        Between(Us, Them, Start.AddDays(day), payload, conversation ?? ConversationA);

    private static RelationshipState Fold(params EffectiveInteraction[] interactions) => RelationshipLevels.Fold(Them, interactions);

    private static (RelationshipLevel From, RelationshipLevel To, LevelChangeReason Reason)[] Changes(RelationshipState state) =>
        [.. state.Changes.Select(c => (c.From, c.To, c.Reason))];

    [Fact]
    public void A_counterpart_without_interactions_is_unknown()
    {
        var state = Fold(Between(Us, Guid.NewGuid(), Start, Info(InformationKind.Answer)));
        state.Level.ShouldBe(Unknown);
        state.Changes.ShouldBeEmpty();
    }

    [Fact]
    public void The_first_interaction_makes_it_aware()
    {
        var first = ToThem(0, Info(InformationKind.Document));
        var state = Fold(first);
        state.Level.ShouldBe(Aware);
        state.Changes.ShouldBe([new LevelChange(first.OccurredAt, first.InteractionId, Unknown, Aware, LevelChangeReason.FirstInteraction)]);
    }

    [Fact]
    public void Three_interactions_in_two_conversations_make_it_engaged_but_not_in_one()
    {
        var oneConversation = Fold(ToThem(0, Delivered(1)), FromThem(1, Delivered(1)), ToThem(2, Delivered(1)));
        oneConversation.Level.ShouldBe(Aware);

        var twoConversations = Fold(ToThem(0, Delivered(1)), FromThem(1, Delivered(1)), ToThem(2, Delivered(1), ConversationB));
        Changes(twoConversations).ShouldBe([(Unknown, Aware, LevelChangeReason.FirstInteraction), (Aware, Engaged, LevelChangeReason.RepeatedInteractions)]);
    }

    [Fact]
    public void Information_both_ways_makes_it_engaged()
    {
        var state = Fold(FromThem(0, Info(InformationKind.Feedback)), ToThem(1, Info(InformationKind.Answer)));
        Changes(state).ShouldBe([(Unknown, Aware, LevelChangeReason.FirstInteraction), (Aware, Engaged, LevelChangeReason.TwoWayInformation)]);
    }

    [Fact]
    public void A_first_revenue_skips_straight_to_trusting()
    {
        var state = Fold(ToThem(0, Revenue(500m)));
        Changes(state).ShouldBe([(Unknown, Trusting, LevelChangeReason.Revenue)]);
    }

    [Fact]
    public void Positive_trust_signals_with_a_positive_net_make_it_trusting()
    {
        // Complaint −1 × 3 = −3, then gratitude 0.5 × 4 = +2: net −1, not trusting (and the window is negative, but
        // Aware is the floor). Praise 0.5 × 2 = +1 → net 0, still not; trust 1 × 1 → net +1 > 0 → Trusting.
        var state = Fold(
            FromThem(0, Emotion(EmotionalSignal.Complaint, -1m, 3)),
            FromThem(1, Emotion(EmotionalSignal.Gratitude, 0.5m, 4)),
            FromThem(2, Emotion(EmotionalSignal.Praise, 0.5m, 2)),
            FromThem(3, Emotion(EmotionalSignal.Trust, 1m, 1)));
        Changes(state).ShouldBe([(Unknown, Aware, LevelChangeReason.FirstInteraction), (Aware, Trusting, LevelChangeReason.PositiveEmotion)]);
        state.Changes[^1].At.ShouldBe(Start.AddDays(3));
    }

    [Fact]
    public void Our_own_emotions_do_not_count()
    {
        var state = Fold(ToThem(0, Emotion(EmotionalSignal.Gratitude, 1m, 5)));
        state.Level.ShouldBe(Aware);
    }

    [Fact]
    public void A_referral_from_them_makes_an_advocate_and_one_to_them_does_not()
    {
        Fold(ToThem(0, Info(InformationKind.Referral))).Level.ShouldBe(Aware);
        Changes(Fold(FromThem(0, Info(InformationKind.Referral)))).ShouldBe([(Unknown, Advocate, LevelChangeReason.Referral)]);
    }

    [Fact]
    public void Strong_praise_with_two_revenues_makes_an_advocate()
    {
        var state = Fold(
            ToThem(0, Revenue(100m)),
            FromThem(1, Emotion(EmotionalSignal.Praise, 1m, 4)),
            ToThem(2, Revenue(100m)));
        Changes(state).ShouldBe(
        [
            (Unknown, Trusting, LevelChangeReason.Revenue),
            (Trusting, Advocate, LevelChangeReason.PraiseWithRevenue),
        ]);
        state.Changes[^1].At.ShouldBe(Start.AddDays(2));
    }

    [Fact]
    public void Praise_below_intensity_four_does_not_make_an_advocate() =>
        Fold(ToThem(0, Revenue(100m)), FromThem(1, Emotion(EmotionalSignal.Praise, 1m, 3)), ToThem(2, Revenue(100m))).Level.ShouldBe(Trusting);

    [Fact]
    public void A_negative_window_lowers_the_level_a_step_until_it_clears()
    {
        // Trusting after revenue on day 0. Day 10: frustration −0.8 × 5 = −4 → window −4 < 0 → Engaged.
        // Day 20: gratitude +0.5 × 2 = +1 → window −3, still Engaged. Day 41: the frustration (day 10) has left the
        // 30-day window (41 − 30 = 11 > 10) → window +1 → back to Trusting.
        var state = Fold(
            ToThem(0, Revenue(100m)),
            FromThem(10, Emotion(EmotionalSignal.Frustration, -0.8m, 5)),
            FromThem(20, Emotion(EmotionalSignal.Gratitude, 0.5m, 2)),
            ToThem(41, Delivered(3)));
        Changes(state).ShouldBe(
        [
            (Unknown, Trusting, LevelChangeReason.Revenue),
            (Trusting, Engaged, LevelChangeReason.NegativeEmotionWindow),
            (Engaged, Trusting, LevelChangeReason.NegativeWindowCleared),
        ]);
        state.Earned.ShouldBe(Trusting);
        state.LevelAt(Start.AddDays(15)).ShouldBe(Engaged);
        state.LevelAt(Start.AddDays(41)).ShouldBe(Trusting);
        state.LevelAt(Start.AddDays(-1)).ShouldBe(Unknown);
    }

    [Fact]
    public void Positive_signals_inside_the_window_can_clear_it()
    {
        // Complaint −1 × 2 = −2 on day 5 → Advocate drops to Trusting; trust +1 × 3 = +3 on day 6 → window +1 → back.
        var state = Fold(
            FromThem(0, Info(InformationKind.Referral)),
            FromThem(5, Emotion(EmotionalSignal.Complaint, -1m, 2)),
            FromThem(6, Emotion(EmotionalSignal.Trust, 1m, 3)));
        Changes(state).Select(c => c.To).ShouldBe([Advocate, Trusting, Advocate]);
        state.Changes[^1].Reason.ShouldBe(LevelChangeReason.NegativeWindowCleared);
    }

    [Fact]
    public void A_level_earned_during_a_negative_window_shows_a_step_lower()
    {
        // Day 0 aware; day 1 complaint −5 (Aware is the floor, no change); day 2 revenue earns Trusting but the window is
        // −5, so the level becomes Engaged, with the reason of the rule that fired.
        var state = Fold(
            ToThem(0, Delivered(1)),
            FromThem(1, Emotion(EmotionalSignal.Complaint, -1m, 5)),
            ToThem(2, Revenue(10m)));
        Changes(state).ShouldBe([(Unknown, Aware, LevelChangeReason.FirstInteraction), (Aware, Engaged, LevelChangeReason.Revenue)]);
    }

    [Fact]
    public void The_fold_orders_interactions_by_time_and_the_thresholds_are_configurable()
    {
        var late = FromThem(5, Info(InformationKind.Idea), ConversationB);
        var early = ToThem(0, Info(InformationKind.Answer));
        var state = RelationshipLevels.Fold(Them, [late, early], new RelationshipRules(EngagedMinInteractions: 2));
        state.Changes.Select(c => c.InteractionId).ShouldBe([early.InteractionId, late.InteractionId]);
        state.Changes[^1].Reason.ShouldBe(LevelChangeReason.RepeatedInteractions);
    }

    [Fact]
    public void Unsorted_input_folds_as_its_stable_time_order_so_simultaneous_interactions_keep_their_input_order()
    {
        // Day 1 holds a revenue and a referral at the same instant: revenue first gives Trusting then Advocate; referral
        // first gives Advocate at once, and the revenue changes nothing.
        var early = ToThem(0, Delivered(1));
        var revenue = ToThem(1, Revenue(100m));
        var referral = FromThem(1, Info(InformationKind.Referral));

        var revenueFirst = Fold(revenue, early, referral);
        revenueFirst.Changes.Select(c => (c.InteractionId, c.To)).ShouldBe(
            [(early.InteractionId, Aware), (revenue.InteractionId, Trusting), (referral.InteractionId, Advocate)]);
        revenueFirst.Changes.ShouldBe(Fold(early, revenue, referral).Changes);

        var referralFirst = Fold(referral, early, revenue);
        referralFirst.Changes.Select(c => (c.InteractionId, c.To)).ShouldBe([(early.InteractionId, Aware), (referral.InteractionId, Advocate)]);
        referralFirst.Changes.ShouldBe(Fold(early, referral, revenue).Changes);
    }

    [Fact]
    public void Applying_an_interaction_leaves_the_state_it_was_applied_to_as_it_was()
    {
        var before = Fold(ToThem(0, Revenue(100m)), FromThem(10, Emotion(EmotionalSignal.Frustration, -0.8m, 5)));
        var (level, window, changes, conversations) = (before.Level, before.Window, before.Changes, before.Conversations);

        var after = RelationshipLevels.Apply(before, FromThem(45, Emotion(EmotionalSignal.Praise, 1m, 5), ConversationB));

        after.Level.ShouldBe(Trusting);
        after.Conversations.Count.ShouldBe(2);
        (before.Level, before.Window, before.Changes, before.Conversations).ShouldBe((level, window, changes, conversations));
        before.Window.Single().Score.ShouldBe(-4m);
        RelationshipLevels.Apply(before, Between(Us, Guid.NewGuid(), Start.AddDays(50), Delivered(1))).ShouldBeSameAs(before);
    }
}
